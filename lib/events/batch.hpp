// SPDX-License-Identifier: MIT
// The batch rule, once for the library and the JSON decoder: 1 to kMaxBatch items, and an
// item's error is reported as "item N: ..." with Error::item_index() N. Inline, since the
// JSON shapes use it from the fronts.
#pragma once

#include <cstddef>

#include <fmt/format.h>

#include "eventcollab/error.hpp"
#include "eventcollab/event.hpp"

namespace eventcollab::events {

/// Throws Error: invalid_argument unless 1 <= count <= kMaxBatch.
inline void require_batch_size(std::size_t count) {
  if (count == 0 || count > kMaxBatch) {
    throw Error(Errc::invalid_argument,
                fmt::format("a batch holds 1 to {} events (got {})", kMaxBatch, count));
  }
}

/// `error` as the error of batch item `index`.
inline Error item_error(std::size_t index, const Error& error) {
  return Error(error.code(), fmt::format("item {}: {}", index, error.what()))
      .with_item_index(index);
}

/// Checks the size, then runs `fn(i)` for every item; an Error from item i is rethrown
/// through item_error. Throws Error: invalid_argument (size); what fn throws, wrapped.
template <class Fn>
void for_each_batch_item(std::size_t count, Fn&& fn) {
  require_batch_size(count);
  for (std::size_t i = 0; i < count; ++i) {
    try {
      fn(i);
    } catch (const Error& e) {
      throw item_error(i, e);
    }
  }
}

}  // namespace eventcollab::events
