// SPDX-License-Identifier: MIT
#pragma once

#include <concepts>
#include <functional>
#include <type_traits>
#include <utility>

namespace eventcollab {

/// The input of an operation that checks access first: either a value, or a decoder the
/// library calls after its access check, so that a stranger gets not_found and a reader
/// forbidden even when the input is bad, through every front. A front passes its decoding as
/// a callable: `events().update(who, id, [&] { return decode(body); })`. An exception from
/// the decoder propagates as it is. Converts implicitly from T, so `update(who, id, patch)`
/// compiles as before.
template <class T>
class Input {
 public:
  /// An input known already.
  template <class U = T>
  requires std::convertible_to<U&&, T> Input(U&& value)
      : decode_([v = T(std::forward<U>(value))]() { return v; }) {}

  /// An input decoded on demand, once, after the access check: `decode()` returns T.
  template <class Decode>
  requires(!std::convertible_to<Decode&&, T> && std::is_invocable_r_v<T, Decode&>)
      Input(Decode decode)
      : decode_(std::move(decode)) {}

  /// Runs the decoder (or returns the value). Throws: whatever the decoder throws.
  T get() const { return decode_(); }

 private:
  std::function<T()> decode_;
};

}  // namespace eventcollab
