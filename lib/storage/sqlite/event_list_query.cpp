// SPDX-License-Identifier: MIT
#include "storage/sqlite/event_list_query.hpp"

#include <array>
#include <limits>
#include <string>

#include "storage/sqlite/event_repository.hpp"

// How a page stays O(skip + limit) and reads a few adjacent pages:
// - visible_events holds a copy of each event for each user who sees it, keyed by (viewer_id,
//   start_time, id): the list's order (migration visible_events; triggers keep it). A page of a
//   list is one range of that key, stopped early by LIMIT/OFFSET, with no sort and no lookup
//   into events.
// - A window `end_time > from AND start_time < to` cannot be bounded by end_time in a start
//   key, so the scan starts at `from - max_duration`, where event_duration_bound holds an upper
//   bound of every event's length (grown by triggers on write). The few events that start in
//   that margin but end before `from` are skipped inside the range.
// - Series (a rule or extra dates) are found by a second arm, through a partial index on
//   `series = 1`, by their real span; the caller drops those with no occurrence in the window.
//   A compound SELECT ordered by the key makes SQLite merge the two arms lazily ("MERGE (UNION
//   ALL)", no temporary b-tree).
// - Search is a filter inside the scan: it costs the rows scanned until the page is full.
// PostgreSQL has no copy (its tables keep no order to exploit): the same arms there merge its
// owned and shared scans (storage/postgres).
namespace eventcollab::storage {
namespace {

// An all-day event's start_time is its date's midnight as if in UTC; its real start lies up to
// 14 hours later or 12 hours earlier (UTC-12..UTC+14). The index range on start_time widens by
// that much; the real span (span_start/span_end) then decides.
constexpr const char* kEarliest = "43200";
constexpr const char* kLatest = "50400";

// What a search keeps: events whose stored fields match (a list of events), or for the
// occurrences of a window also series with overrides, since a changed occurrence may match
// where its series does not; the caller filters each occurrence on its own fields.
enum class Search { none, fields, fields_or_overrides };

enum class Arm { all, singles, series };

// One arm of the compound: the viewer's copies, all of them (no window), the single events of
// a window by their start, or the series of a window by their span.
std::string arm_sql(Arm arm, Search search) {
  // The series arm names its partial index: SQLite would rather walk the viewer's whole range
  // of the primary key (it holds every column) and filter, which costs O(visible events).
  std::string sql = "SELECT " + std::string(event_select_columns()) +
                    ", e.permission, e.start_time AS k_start, e.id AS k_id FROM visible_events e " +
                    (arm == Arm::series ? "INDEXED BY visible_series " : "") +
                    "WHERE e.viewer_id = ?1";
  if (arm == Arm::series) {
    sql += " AND e.series = 1 AND e.span_start < ?4 AND e.span_end > ?5";
  } else if (arm == Arm::singles) {
    sql += std::string(
               " AND e.start_time >= ?5 - (SELECT max_duration FROM event_duration_bound "
               "WHERE id = 1) - ") +
           kEarliest + " AND e.start_time < ?4 + " + kLatest +
           " AND e.series = 0 AND e.span_start < ?4 AND e.span_end > ?5";
  }
  const std::string match = "ec_contains_folded(?6, e.title, e.description, e.location)";
  if (search == Search::fields || (search == Search::fields_or_overrides && arm != Arm::series)) {
    sql += " AND " + match;
  } else if (search == Search::fields_or_overrides) {
    sql += " AND (" + match + " OR e.overrides <> '')";
  }
  return sql;
}

std::string list_sql(bool window, bool search) {
  const Search s = search ? Search::fields : Search::none;
  const std::string sql = window
                              ? arm_sql(Arm::singles, s) + " UNION ALL " + arm_sql(Arm::series, s)
                              : arm_sql(Arm::all, s);
  return sql + " ORDER BY k_start, k_id LIMIT ?2 OFFSET ?3";
}

const std::string& sql_for(bool window, bool search) {
  static const std::array<std::string, 4> kSql = {list_sql(false, false), list_sql(true, false),
                                                  list_sql(false, true), list_sql(true, true)};
  return kSql[(window ? 1 : 0) + (search ? 2 : 0)];
}

// Every event whose span overlaps the window, unordered: both arms without a page; a search
// keeps series with overrides too (see Search).
const std::string& candidates_sql(bool search) {
  static const std::array<std::string, 2> kSql = [] {
    std::array<std::string, 2> out;
    for (int i = 0; i < 2; ++i) {
      const Search s = i == 1 ? Search::fields_or_overrides : Search::none;
      out[i] = arm_sql(Arm::singles, s) + " UNION ALL " + arm_sql(Arm::series, s);
    }
    return out;
  }();
  return kSql[search ? 1 : 0];
}

}  // namespace

std::vector<Event> list_visible_events(Transaction& tx, UserId viewer, const ListFilter& f) {
  const bool window = f.from || f.to;
  const bool search = f.needle.has_value();
  auto st = tx.cached(sql_for(window, search));
  st->bind(1, viewer);
  st->bind(2, f.limit);
  st->bind(3, f.skip);
  if (window) {
    st->bind(4, f.to.value_or(std::numeric_limits<std::int64_t>::max()));
    // Without `from`, from - max_duration overflows into a REAL below every start: still right.
    st->bind(5, f.from.value_or(std::numeric_limits<std::int64_t>::min()));
  }
  if (search) st->bind(6, *f.needle);
  std::vector<Event> out;
  out.reserve(static_cast<std::size_t>(f.limit < 128 ? f.limit : 128));
  while (st->step()) out.push_back(read_event(*st));
  return out;
}

std::vector<Event> list_window_candidates(Transaction& tx, UserId viewer, std::int64_t from,
                                          std::int64_t to,
                                          const std::optional<std::string>& needle) {
  auto st = tx.cached(candidates_sql(needle.has_value()));
  st->bind(1, viewer);
  st->bind(4, to);
  st->bind(5, from);
  if (needle) st->bind(6, *needle);
  std::vector<Event> out;
  while (st->step()) out.push_back(read_event(*st));
  return out;
}

}  // namespace eventcollab::storage
