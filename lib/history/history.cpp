// SPDX-License-Identifier: MIT
#include "eventcollab/history.hpp"

#include <fmt/format.h>

#include "core/store_core.hpp"
#include "eventcollab/error.hpp"
#include "events/access.hpp"
#include "history/content.hpp"
#include "history/record.hpp"

namespace eventcollab {
namespace {

Version require_version(storage::UnitOfWork& tx, EventId event, std::int64_t number) {
  auto v = tx.find_version(event, number);
  if (!v) throw Error(Errc::not_found, fmt::format("event {} has no version {}", event, number));
  return *std::move(v);
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
    case ChangeKind::occurrence:
      return "occurrence";
  }
  return "update";
}

std::vector<Version> History::list(const Principal& who, EventId event) {
  return core_->read([&](storage::UnitOfWork& tx) {
    events::load_with_access(tx, who, event, Permission::read);
    return tx.list_versions(event);
  });
}

Version History::get(const Principal& who, EventId event, std::int64_t number) {
  return core_->read([&](storage::UnitOfWork& tx) {
    events::load_with_access(tx, who, event, Permission::read);
    return require_version(tx, event, number);
  });
}

Diff History::diff(const Principal& who, EventId event, std::int64_t from, std::int64_t to) {
  return core_->read([&](storage::UnitOfWork& tx) {
    events::load_with_access(tx, who, event, Permission::read);
    const auto a = history::content_of(require_version(tx, event, from));
    const auto b = history::content_of(require_version(tx, event, to));
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
    const auto now = history::content_of(v);
    if (i == 0) {
      entry.fields = history::fields_set(now);
    } else {
      for (auto& change : history::diff(history::content_of(versions[i - 1]), now)) {
        entry.fields.push_back(std::move(change.field));
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Event History::rollback(const Principal& who, EventId event, std::int64_t number,
                        Input<std::optional<std::int64_t>> expected_version) {
  return core_->write([&](storage::UnitOfWork& tx) {
    const Event e = events::load_with_access(tx, who, event, Permission::write);
    const auto expected = expected_version.get();
    const auto target = history::content_of(require_version(tx, event, number));
    if (expected && *expected < 1) {
      throw Error(Errc::invalid_argument, "the expected version must be at least 1");
    }
    if (expected && *expected != e.version) {
      throw Error(Errc::conflict,
                  fmt::format("event {} is at version {}, not {}", event, e.version, *expected));
    }
    return history::record_change(tx, *core_, who, e, target, ChangeKind::rollback);
  });
}

}  // namespace eventcollab
