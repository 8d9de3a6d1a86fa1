// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"
#include "events/fields.hpp"

namespace eventcollab::history {

/// The versioned part of an event: what a snapshot holds and a diff compares. It is exactly
/// what a draft holds, so the field table's draft column serves it.
using Content = EventDraft;

/// The content fields of an event or a version.
template <class From>
Content content_of(const From& from) {
  Content c;
  events::copy_fields(c, from);
  return c;
}

/// Fields that differ, in table order.
std::vector<FieldChange> diff(const Content& old_content, const Content& new_content);

/// For version 1 of a changelog: the fields that differ from their default, in table order
/// (the uid, always set, is not listed).
std::vector<std::string> fields_set(const Content& content);

}  // namespace eventcollab::history
