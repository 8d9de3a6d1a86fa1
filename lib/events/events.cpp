// SPDX-License-Identifier: MIT
#include "eventcollab/event.hpp"

#include <fmt/format.h>

#include "changes/feed.hpp"
#include "core/store_core.hpp"
#include "core/text.hpp"
#include "eventcollab/error.hpp"
#include "events/access.hpp"
#include "events/batch.hpp"
#include "events/overlap.hpp"
#include "events/series.hpp"
#include "events/validation.hpp"
#include "history/content.hpp"
#include "history/record.hpp"

namespace eventcollab {
namespace {

using history::Content;

Content apply(const Event& e, const EventPatch& p) {
  Content c = history::content_of(e);
  events::for_each_field([&](const auto& f) {
    if constexpr (events::kPatchable<decltype(f)>) events::patch_field(f.of(c), f.of(p));
  });
  if (c.all_day != e.all_day) {
    // The times change form with all_day: the patch must give them anew.
    const auto require = [&](bool given, std::string_view name, bool needed) {
      if (needed && !given) {
        throw Error(Errc::invalid_argument,
                    fmt::format("changing all_day needs {} in the new form", name));
      }
    };
    require(p.start.has_value(), "start_time", true);
    require(p.end.has_value(), "end_time", true);
    require(p.exdates.has_value(), "exdates", !e.exdates.empty());
    require(p.rdates.has_value(), "rdates", !e.rdates.empty());
    c.overrides.clear();
  }
  return c;
}

Content prepared(const EventDraft& draft) {
  Content c = draft;
  if (c.uid.empty()) c.uid = events::generate_uid();
  events::normalize(c);
  return c;
}

}  // namespace

Event Events::create(const Principal& who, const EventDraft& draft, OverlapPolicy policy) {
  const Content c = prepared(draft);
  return core_->write([&](storage::UnitOfWork& tx) {
    if (policy == OverlapPolicy::reject) events::refuse_overlap(tx, core_->instances, who, 0, c);
    return history::record_change(tx, *core_, who, Event{}, c, ChangeKind::create);
  });
}

std::vector<Event> Events::create_batch(const Principal& who, std::span<const EventDraft> drafts) {
  std::vector<Content> contents;
  events::for_each_batch_item(drafts.size(), [&](std::size_t i) {
    if (i == 0) contents.reserve(drafts.size());
    contents.push_back(prepared(drafts[i]));
  });
  return core_->write([&](storage::UnitOfWork& tx) {
    std::vector<Event> out;
    out.reserve(contents.size());
    for (const auto& c : contents) {
      out.push_back(history::record_change(tx, *core_, who, Event{}, c, ChangeKind::create));
    }
    return out;
  });
}

Event Events::get(const Principal& who, EventId id) {
  return core_->read_one_statement([&](storage::UnitOfWork& tx) {
    return events::load_with_access(tx, who, id, Permission::read);
  });
}

std::vector<Event> Events::list(const Principal& who, const EventQuery& q) {
  if (q.limit < 1 || q.limit > events::kMaxListLimit) {
    throw Error(Errc::invalid_argument,
                fmt::format("limit must be between 1 and {}", events::kMaxListLimit));
  }
  if (q.skip < 0) throw Error(Errc::invalid_argument, "skip must not be negative");
  if (q.from) require_supported_time("from", *q.from);
  if (q.to) require_supported_time("to", *q.to);
  if (q.from && q.to && *q.from > *q.to) {
    throw Error(Errc::invalid_argument, "from must not be after to");
  }
  storage::ListFilter f;
  f.skip = q.skip;
  f.limit = q.limit;
  if (q.from) f.from = q.from->time_since_epoch().count();
  if (q.to) f.to = q.to->time_since_epoch().count();
  if (q.q && !q.q->empty()) {
    text::check_text("q", *q.q, 1, events::kMaxTitle);
    f.needle = *q.q;  // matched with Unicode case folding by the list query
  }
  if (!f.from && !f.to) {
    return core_->read_one_statement(
        [&](storage::UnitOfWork& tx) { return tx.list_visible_events(who.user_id, f); });
  }
  return events::list_in_window(*core_, who, f);
}

Event Events::update(const Principal& who, EventId id, const EventPatch& patch,
                     std::optional<std::int64_t> expected_version, OverlapPolicy policy) {
  return update(who, id, EventUpdate{patch, expected_version}, policy);
}

Event Events::update(const Principal& who, EventId id, Input<EventUpdate> input,
                     OverlapPolicy policy) {
  return update(
      who, id, [&](const Event&) { return input.get(); }, policy);
}

Event Events::update(const Principal& who, EventId id,
                     const std::function<EventUpdate(const Event& current)>& decode,
                     OverlapPolicy policy) {
  return core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, id, Permission::write);
    const EventUpdate u = decode(e);
    Content next = apply(e, u.patch);
    events::normalize(next);
    events::drop_orphan_overrides(next);
    if (u.expected_version && *u.expected_version < 1) {
      throw Error(Errc::invalid_argument, "the expected version must be at least 1");
    }
    if (u.expected_version && *u.expected_version != e.version) {
      throw Error(Errc::conflict, fmt::format("event {} is at version {}, not {}", id, e.version,
                                              *u.expected_version));
    }
    if (policy == OverlapPolicy::reject && events::changed_fields(e, next) != 0) {
      events::refuse_overlap(tx, core_->instances, who, id, next);
    }
    return history::record_change(tx, *core_, who, e, next, ChangeKind::update);
  });
}

void Events::remove(const Principal& who, EventId id) {
  core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, id, Permission::owner);
    // Recorded first: who may see the tombstone is who could see the event.
    feed::record(tx, *core_, ChangeType::deleted, id, e.version, who.user_id);
    tx.delete_event(id);
  });
}

}  // namespace eventcollab
