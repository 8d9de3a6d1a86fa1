// SPDX-License-Identifier: MIT
#include "history/content.hpp"

namespace eventcollab::history {

std::vector<FieldChange> diff(const Content& a, const Content& b) {
  std::vector<FieldChange> out;
  events::for_each_field([&](const auto& f) {
    if (!(f.of(a) == f.of(b))) {
      // Each side's times are written in that side's form (dates when it is all-day).
      out.push_back(FieldChange{std::string(f.info.name), events::field_text(f.of(a), a.all_day),
                                events::field_text(f.of(b), b.all_day)});
    }
  });
  return out;
}

std::vector<std::string> fields_set(const Content& content) {
  std::vector<std::string> out;
  events::for_each_field([&](const auto& f) {
    if (f.info.name == "uid") return;  // always set, never news
    if (events::differs_from_default(f.of(content), f.info.name)) out.emplace_back(f.info.name);
  });
  return out;
}

}  // namespace eventcollab::history
