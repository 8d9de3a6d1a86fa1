// SPDX-License-Identifier: MIT
#include "eventcollab/event.hpp"

#include <fmt/format.h>

#include "core/store_core.hpp"
#include "core/text.hpp"
#include "eventcollab/error.hpp"
#include "events/access.hpp"
#include "events/batch.hpp"
#include "events/validation.hpp"
#include "history/content.hpp"
#include "history/record.hpp"

namespace eventcollab {
namespace {

using history::Content;

Content apply(const Event& e, const EventPatch& p) {
  Content c = history::content_of(e);
  events::for_each_field([&](const auto& f) { events::patch_field(f.of(c), f.of(p)); });
  return c;
}

}  // namespace

Event Events::create(const Principal& who, const EventDraft& draft) {
  events::validate(draft);
  return core_->write([&](storage::UnitOfWork& tx) {
    return history::record_change(tx, who, Event{}, draft, ChangeKind::create,
                                  Timestamp{std::chrono::seconds{core_->now()}});
  });
}

std::vector<Event> Events::create_batch(const Principal& who, std::span<const EventDraft> drafts) {
  events::for_each_batch_item(drafts.size(), [&](std::size_t i) { events::validate(drafts[i]); });
  return core_->write([&](storage::UnitOfWork& tx) {
    const Timestamp now{std::chrono::seconds{core_->now()}};
    std::vector<Event> out;
    out.reserve(drafts.size());
    for (const auto& d : drafts) {
      out.push_back(history::record_change(tx, who, Event{}, d, ChangeKind::create, now));
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
  return core_->read_one_statement(
      [&](storage::UnitOfWork& tx) { return tx.list_visible_events(who.user_id, f); });
}

Event Events::update(const Principal& who, EventId id, const EventPatch& patch,
                     std::optional<std::int64_t> expected_version) {
  return update(who, id, EventUpdate{patch, expected_version});
}

Event Events::update(const Principal& who, EventId id, Input<EventUpdate> input) {
  return core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, id, Permission::write);
    const EventUpdate u = input.get();
    const Content next = apply(e, u.patch);
    events::validate(next);
    if (u.expected_version && *u.expected_version < 1) {
      throw Error(Errc::invalid_argument, "the expected version must be at least 1");
    }
    if (u.expected_version && *u.expected_version != e.version) {
      throw Error(Errc::conflict, fmt::format("event {} is at version {}, not {}", id, e.version,
                                              *u.expected_version));
    }
    return history::record_change(tx, who, e, next, ChangeKind::update,
                                  Timestamp{std::chrono::seconds{core_->now()}});
  });
}

void Events::remove(const Principal& who, EventId id) {
  core_->write([&](storage::UnitOfWork& tx) {
    events::load_with_access(tx, who, id, Permission::owner);
    tx.delete_event(id);
  });
}

}  // namespace eventcollab
