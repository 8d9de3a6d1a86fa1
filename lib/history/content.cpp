// SPDX-License-Identifier: MIT
#include "history/content.hpp"

namespace eventcollab::history {
namespace {

void compare(std::vector<FieldChange>& out, const char* field, const std::optional<std::string>& a,
             const std::optional<std::string>& b) {
  if (a != b) out.push_back(FieldChange{field, a, b});
}

}  // namespace

std::vector<FieldChange> diff(const Content& a, const Content& b) {
  std::vector<FieldChange> out;
  compare(out, "title", a.title, b.title);
  compare(out, "description", a.description, b.description);
  compare(out, "location", a.location, b.location);
  compare(out, "start_time", format_rfc3339(a.start), format_rfc3339(b.start));
  compare(out, "end_time", format_rfc3339(a.end), format_rfc3339(b.end));
  return out;
}

Version snapshot(const Content& c, std::int64_t number, const Principal& who, Timestamp when,
                 ChangeKind change) {
  return Version{number, c.title,     c.description, c.location, c.start,
                 c.end,  who.user_id, who.username,  when,       change};
}

}  // namespace eventcollab::history
