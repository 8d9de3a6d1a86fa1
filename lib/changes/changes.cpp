// SPDX-License-Identifier: MIT
#include "eventcollab/changes.hpp"

#include <charconv>

#include <fmt/format.h>

#include "changes/feed.hpp"
#include "core/store_core.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab {
namespace {

// Changes pruned per recorded change: enough to keep up with any write rate, small enough to
// cost nothing noticeable.
constexpr std::int64_t kPruneBatch = 16;

}  // namespace

std::string_view to_string(ChangeType type) noexcept {
  switch (type) {
    case ChangeType::created:
      return "created";
    case ChangeType::updated:
      return "updated";
    case ChangeType::deleted:
      return "deleted";
    case ChangeType::shared:
      return "shared";
    case ChangeType::unshared:
      return "unshared";
  }
  return "updated";
}

ChangePage Changes::since(const Principal& who, std::string_view cursor, std::int64_t limit) {
  if (limit < 1 || limit > kMaxChangePage) {
    throw Error(Errc::invalid_argument,
                fmt::format("limit must be between 1 and {}", kMaxChangePage));
  }
  const std::int64_t after = feed::parse_cursor(cursor);
  return core_->read([&](storage::UnitOfWork& tx) {
    const auto [latest, floor] = tx.change_bounds();
    if (after != 0 && after < floor) {
      throw Error(Errc::gone, fmt::format("the cursor {} is older than the history kept (from {})",
                                          after, floor));
    }
    if (after > latest) {
      throw Error(Errc::invalid_argument, "the cursor is not one this feed handed out");
    }
    ChangePage page;
    page.changes = tx.list_changes_for(who.user_id, std::max(after, floor), limit + 1);
    page.more = static_cast<std::int64_t>(page.changes.size()) > limit;
    if (page.more) page.changes.pop_back();
    // Past the last change shown; with nothing more to show, past every change there is, so a
    // quiet user's cursor never falls behind the history kept.
    const std::int64_t next = page.more ? page.changes.back().seq : latest;
    page.cursor = std::to_string(next);
    return page;
  });
}

namespace feed {

// A cursor is the decimal number of the last change seen; callers treat it as opaque.
std::int64_t parse_cursor(std::string_view cursor) {
  if (cursor.empty()) return 0;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), v);
  if (ec != std::errc{} || end != cursor.data() + cursor.size() || v < 0 || cursor.size() > 19) {
    throw Error(Errc::invalid_argument, "the cursor is not one this feed handed out");
  }
  return v;
}

void record(storage::UnitOfWork& tx, const detail::StoreCore& core, ChangeType type, EventId event,
            std::int64_t version, UserId by) {
  const std::int64_t now = core.now();
  tx.append_change(event, type, version, now, by);
  tx.prune_changes(now - core.config.change_retention_days * 86'400, kPruneBatch);
}

}  // namespace feed
}  // namespace eventcollab
