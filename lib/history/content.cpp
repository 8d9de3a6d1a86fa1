// SPDX-License-Identifier: MIT
#include "history/content.hpp"

namespace eventcollab::history {

std::vector<FieldChange> diff(const Content& a, const Content& b) {
  std::vector<FieldChange> out;
  events::for_each_field([&](const auto& f) {
    if (!(f.of(a) == f.of(b))) {
      out.push_back(FieldChange{std::string(f.info.name), events::field_text(f.of(a)),
                                events::field_text(f.of(b))});
    }
  });
  return out;
}

std::vector<std::string> fields_set(const Content& content) {
  std::vector<std::string> out;
  events::for_each_field([&](const auto& f) {
    if (events::field_text(f.of(content))) out.emplace_back(f.info.name);
  });
  return out;
}

}  // namespace eventcollab::history
