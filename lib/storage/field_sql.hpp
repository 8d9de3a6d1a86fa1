// SPDX-License-Identifier: MIT
// SQL fragments of the event's content fields, built from the field table for both backends.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "events/fields.hpp"

namespace eventcollab::storage {

/// "p.title, p.description, ..." for the content fields, `prefix` before each name.
inline std::string field_columns(std::string_view prefix) {
  std::string out;
  events::for_each_field([&](const auto& f) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += f.info.name;
  });
  return out;
}

/// "?3, ?4, ..." (SQLite, marker '?') or "$3, $4, ..." (PostgreSQL, marker '$') for the
/// content fields, numbered from `first`.
inline std::string field_params(int first, char marker) {
  std::string out;
  for (std::size_t i = 0; i < events::kFieldCount; ++i) {
    out += fmt::format("{}{}{}", i == 0 ? "" : ", ", marker, first + static_cast<int>(i));
  }
  return out;
}

}  // namespace eventcollab::storage
