// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"

namespace eventcollab::history {

/// The versioned part of an event: what a snapshot holds and a diff compares.
struct Content {
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> location;
  Timestamp start{};
  Timestamp end{};

  static Content of(const Event& e) { return {e.title, e.description, e.location, e.start, e.end}; }
  static Content of(const Version& v) {
    return {v.title, v.description, v.location, v.start, v.end};
  }
  bool operator==(const Content&) const = default;
};

/// Fields that differ, in the order title, description, location, start_time, end_time.
std::vector<FieldChange> diff(const Content& old_content, const Content& new_content);

/// The snapshot that records `content` as version `number` of a change by `who`.
Version snapshot(const Content& content, std::int64_t number, const Principal& who, Timestamp when,
                 ChangeKind change);

}  // namespace eventcollab::history
