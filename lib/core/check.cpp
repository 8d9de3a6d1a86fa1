// SPDX-License-Identifier: MIT
// Store::check(): the database's own integrity plus the invariants the library promises.
#include <fmt/format.h>

#include "core/store_impl.hpp"
#include "eventcollab/store.hpp"

namespace eventcollab {
namespace {

// Each query returns one row per violation, with a human-readable description.
struct Invariant {
  const char* sql;
};

constexpr Invariant kInvariants[] = {
    {"SELECT 'event ' || e.id || ' is at version ' || e.version || ' but has ' || "
     "(SELECT count(*) FROM event_versions v WHERE v.event_id = e.id) || ' version rows' "
     "FROM events e WHERE e.version != (SELECT count(*) FROM event_versions v WHERE v.event_id = "
     "e.id)"},
    {"SELECT 'event ' || e.id || ' versions are not numbered 1..' || e.version FROM events e "
     "WHERE (SELECT min(version) FROM event_versions v WHERE v.event_id = e.id) IS NOT 1 "
     "OR (SELECT max(version) FROM event_versions v WHERE v.event_id = e.id) IS NOT e.version"},
    {"SELECT 'event ' || e.id || ' differs from its latest snapshot' FROM events e "
     "JOIN event_versions v ON v.event_id = e.id AND v.version = e.version "
     "WHERE v.title IS NOT e.title OR v.description IS NOT e.description "
     "OR v.location IS NOT e.location OR v.start_time IS NOT e.start_time "
     "OR v.end_time IS NOT e.end_time"},
    {"SELECT 'version rows for missing event ' || v.event_id FROM event_versions v "
     "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = v.event_id) GROUP BY v.event_id"},
    {"SELECT 'event ' || s.event_id || ' is shared with its owner ' || s.user_id FROM shares s "
     "JOIN events e ON e.id = s.event_id WHERE s.user_id = e.owner_id"},
    {"SELECT 'share of event ' || s.event_id || ' points to a missing user or event' "
     "FROM shares s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id) "
     "OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)"},
    {"SELECT 'event ' || id || ' ends before it starts' FROM events WHERE end_time <= start_time"},
};

}  // namespace

CheckReport Store::check() {
  CheckReport report;
  impl_->core.read([&](storage::Transaction& tx) {
    auto& conn = tx.conn();
    {
      auto st = conn.prepare("PRAGMA integrity_check");
      while (st.step()) {
        auto line = st.get_text(0);
        if (line != "ok") report.problems.push_back("integrity: " + line);
      }
    }
    {
      auto st = conn.prepare("PRAGMA foreign_key_check");
      while (st.step()) {
        report.problems.push_back(fmt::format("foreign key: row {} of {} points to a missing {}",
                                              st.get_int(1), st.get_text(0), st.get_text(2)));
      }
    }
    for (const auto& inv : kInvariants) {
      auto st = conn.prepare(inv.sql);
      while (st.step()) report.problems.push_back(st.get_text(0));
    }
  });
  return report;
}

}  // namespace eventcollab
