// SPDX-License-Identifier: MIT
#include "eventcollab/history.hpp"

#include <fmt/format.h>

#include "core/store_core.hpp"
#include "eventcollab/error.hpp"
#include "events/access.hpp"
#include "history/content.hpp"
#include "storage/event_repository.hpp"

namespace eventcollab {
namespace {

Version require_version(storage::Transaction& tx, EventId event, std::int64_t number) {
  auto v = storage::find_version(tx, event, number);
  if (!v) throw Error(Errc::not_found, fmt::format("event {} has no version {}", event, number));
  return *std::move(v);
}

// For version 1: the fields that have a value.
std::vector<std::string> fields_set(const history::Content& c) {
  std::vector<std::string> out{"title"};
  if (c.description) out.emplace_back("description");
  if (c.location) out.emplace_back("location");
  out.emplace_back("start_time");
  out.emplace_back("end_time");
  return out;
}

}  // namespace

std::string_view to_string(ChangeKind kind) noexcept {
  switch (kind) {
    case ChangeKind::create:
      return "create";
    case ChangeKind::update:
      return "update";
    case ChangeKind::rollback:
      return "rollback";
  }
  return "update";
}

std::vector<Version> History::list(const Principal& who, EventId event) {
  return core_->read([&](storage::Transaction& tx) {
    events::require_access(tx, who, event, Permission::read);
    return storage::list_versions(tx, event);
  });
}

Version History::get(const Principal& who, EventId event, std::int64_t number) {
  return core_->read([&](storage::Transaction& tx) {
    events::require_access(tx, who, event, Permission::read);
    return require_version(tx, event, number);
  });
}

Diff History::diff(const Principal& who, EventId event, std::int64_t from, std::int64_t to) {
  return core_->read([&](storage::Transaction& tx) {
    events::require_access(tx, who, event, Permission::read);
    const auto a = history::Content::of(require_version(tx, event, from));
    const auto b = history::Content::of(require_version(tx, event, to));
    return Diff{from, to, history::diff(a, b)};
  });
}

std::vector<ChangelogEntry> History::changelog(const Principal& who, EventId event) {
  const auto versions = list(who, event);
  std::vector<ChangelogEntry> out;
  out.reserve(versions.size());
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const auto& v = versions[i];
    ChangelogEntry entry{v.number, v.updated_by, v.updated_by_username, v.updated_at, v.change, {}};
    const auto now = history::Content::of(v);
    if (i == 0) {
      entry.fields = fields_set(now);
    } else {
      for (auto& change : history::diff(history::Content::of(versions[i - 1]), now)) {
        entry.fields.push_back(std::move(change.field));
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Event History::rollback(const Principal& who, EventId event, std::int64_t number,
                        std::optional<std::int64_t> expected_version) {
  return core_->write([&](storage::Transaction& tx) {
    Event e = events::require_access(tx, who, event, Permission::write);
    const auto target = history::Content::of(require_version(tx, event, number));
    if (expected_version && *expected_version < 1) {
      throw Error(Errc::invalid_argument, "the expected version must be at least 1");
    }
    if (expected_version && *expected_version != e.version) {
      throw Error(Errc::conflict, fmt::format("event {} is at version {}, not {}", event, e.version,
                                              *expected_version));
    }
    if (target == history::Content::of(e)) return e;  // already there: nothing to write
    e.title = target.title;
    e.description = target.description;
    e.location = target.location;
    e.start = target.start;
    e.end = target.end;
    e.version += 1;
    e.updated_at = Timestamp{std::chrono::seconds{core_->now()}};
    if (!storage::update_event(tx, e)) {
      throw Error(Errc::conflict, fmt::format("event {} changed concurrently", event));
    }
    storage::insert_version(
        tx, event, history::snapshot(target, e.version, who, e.updated_at, ChangeKind::rollback));
    return e;
  });
}

}  // namespace eventcollab
