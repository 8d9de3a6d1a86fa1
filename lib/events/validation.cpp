// SPDX-License-Identifier: MIT
#include "events/validation.hpp"

#include "core/text.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab::events {

void validate_content(const std::string& title, const std::optional<std::string>& description,
                      const std::optional<std::string>& location, Timestamp start, Timestamp end) {
  text::check_text("title", title, 1, kMaxTitle);
  if (title.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(Errc::invalid_argument, "title must not be blank");
  }
  if (description) text::check_text("description", *description, 0, kMaxDescription);
  if (location) text::check_text("location", *location, 0, kMaxLocation);
  if (end <= start) throw Error(Errc::invalid_argument, "end_time must be after start_time");
}

}  // namespace eventcollab::events
