// SPDX-License-Identifier: MIT
#include "eventcollab/event.hpp"

#include <fmt/format.h>

#include "core/store_core.hpp"
#include "core/text.hpp"
#include "eventcollab/error.hpp"
#include "events/access.hpp"
#include "events/validation.hpp"
#include "history/content.hpp"
#include "storage/event_repository.hpp"

namespace eventcollab {
namespace {

using history::Content;

Event insert_with_version(storage::Transaction& tx, const Principal& who, const EventDraft& d,
                          std::int64_t now) {
  const EventId id = storage::insert_event(tx, who.user_id, d, now);
  const Timestamp at{std::chrono::seconds{now}};
  const Content content{d.title, d.description, d.location, d.start, d.end};
  storage::insert_version(tx, id, history::snapshot(content, 1, who, at, ChangeKind::create));
  return Event{id, d.title, d.description,    d.location, d.start, d.end, who.user_id, 1,
               at, at,      Permission::owner};
}

Content apply(const Event& e, const EventPatch& p) {
  Content c = Content::of(e);
  if (p.title) c.title = *p.title;
  if (!p.description.keeps()) {
    c.description =
        p.description.clears() ? std::nullopt : std::optional<std::string>(p.description.value());
  }
  if (!p.location.keeps()) {
    c.location =
        p.location.clears() ? std::nullopt : std::optional<std::string>(p.location.value());
  }
  if (p.start) c.start = *p.start;
  if (p.end) c.end = *p.end;
  return c;
}

std::string ascii_lower(std::string s) {
  for (char& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

}  // namespace

Event Events::create(const Principal& who, const EventDraft& draft) {
  events::validate(draft);
  return core_->write(
      [&](storage::Transaction& tx) { return insert_with_version(tx, who, draft, core_->now()); });
}

std::vector<Event> Events::create_batch(const Principal& who, std::span<const EventDraft> drafts) {
  if (drafts.empty() || drafts.size() > events::kMaxBatch) {
    throw Error(Errc::invalid_argument, fmt::format("a batch holds 1 to {} events (got {})",
                                                    events::kMaxBatch, drafts.size()));
  }
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    try {
      events::validate(drafts[i]);
    } catch (Error& e) {
      throw Error(e.code(), fmt::format("item {}: {}", i, e.what())).with_item_index(i);
    }
  }
  return core_->write([&](storage::Transaction& tx) {
    const std::int64_t now = core_->now();
    std::vector<Event> out;
    out.reserve(drafts.size());
    for (const auto& d : drafts) out.push_back(insert_with_version(tx, who, d, now));
    return out;
  });
}

Event Events::get(const Principal& who, EventId id) {
  return core_->read_one_statement([&](storage::Transaction& tx) {
    return events::require_access(tx, who, id, Permission::read);
  });
}

Event Events::require(const Principal& who, EventId id, Permission needed) {
  return core_->read(
      [&](storage::Transaction& tx) { return events::require_access(tx, who, id, needed); });
}

std::vector<Event> Events::list(const Principal& who, const EventQuery& q) {
  if (q.limit < 1 || q.limit > events::kMaxListLimit) {
    throw Error(Errc::invalid_argument,
                fmt::format("limit must be between 1 and {}", events::kMaxListLimit));
  }
  if (q.skip < 0) throw Error(Errc::invalid_argument, "skip must not be negative");
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
    f.needle = ascii_lower(*q.q);
  }
  return core_->read_one_statement(
      [&](storage::Transaction& tx) { return storage::list_visible_events(tx, who.user_id, f); });
}

Event Events::update(const Principal& who, EventId id, const EventPatch& patch,
                     std::optional<std::int64_t> expected_version) {
  return core_->write([&](storage::Transaction& tx) {
    Event e = events::require_access(tx, who, id, Permission::write);
    const Content next = apply(e, patch);
    events::validate_content(next.title, next.description, next.location, next.start, next.end);
    if (expected_version && *expected_version != e.version) {
      throw Error(Errc::conflict, fmt::format("event {} is at version {}, not {}", id, e.version,
                                              *expected_version));
    }
    if (next == Content::of(e)) return e;  // nothing changes: no version is written
    const std::int64_t now = core_->now();
    e.title = next.title;
    e.description = next.description;
    e.location = next.location;
    e.start = next.start;
    e.end = next.end;
    e.version += 1;
    e.updated_at = Timestamp{std::chrono::seconds{now}};
    if (!storage::update_event(tx, e)) {
      throw Error(Errc::conflict, fmt::format("event {} changed concurrently", id));
    }
    storage::insert_version(
        tx, id, history::snapshot(next, e.version, who, e.updated_at, ChangeKind::update));
    return e;
  });
}

void Events::remove(const Principal& who, EventId id) {
  core_->write([&](storage::Transaction& tx) {
    events::require_access(tx, who, id, Permission::owner);
    storage::delete_event(tx, id);
  });
}

}  // namespace eventcollab
