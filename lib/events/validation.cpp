// SPDX-License-Identifier: MIT
#include "events/validation.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab::events {
namespace {

void check(const FieldInfo& info, const std::string& value) {
  text::check_text(info.name, value, info.min_length, info.max_length);
  if (info.not_blank && value.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(Errc::invalid_argument, fmt::format("{} must not be blank", info.name));
  }
}

void check(const FieldInfo& info, const std::optional<std::string>& value) {
  if (value) check(info, *value);
}

void check(const FieldInfo& info, Timestamp value) { require_supported_time(info.name, value); }

}  // namespace

void validate(const EventDraft& content) {
  for_each_field([&](const auto& f) { check(f.info, f.of(content)); });
  if (content.end <= content.start) {
    throw Error(Errc::invalid_argument, "end_time must be after start_time");
  }
}

}  // namespace eventcollab::events
