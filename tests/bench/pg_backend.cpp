// SPDX-License-Identifier: MIT
// The PostgreSQL side of the benchmark: a database per size made on the server, loaded by COPY.
#include <unistd.h>

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <vector>

#include "backend.hpp"
#include "eventcollab/config.hpp"
#include "pg_floor.hpp"
#include "raw_pg.hpp"

namespace eventcollab::bench {
namespace {

/// `url` naming database `db` instead of its own (the path of a postgresql:// URL).
std::string with_dbname(const std::string& url, const std::string& db) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    throw std::runtime_error("the PostgreSQL URL must be postgresql://... or postgres://...");
  }
  const auto authority = scheme + 3;
  const auto path = url.find('/', authority);
  const auto query = url.find('?', authority);
  if (path == std::string::npos || (query != std::string::npos && query < path)) {
    const auto at = query == std::string::npos ? url.size() : query;
    return url.substr(0, at) + "/" + db + url.substr(at);
  }
  const auto end = query == std::string::npos ? url.size() : query;
  return url.substr(0, path + 1) + db + url.substr(end);
}

// COPY's text format: tab-separated, \N for NULL, backslash escapes.
void put_text(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}
void put(std::string& out, std::string_view v, char after = '\t') {
  put_text(out, v);
  out += after;
}
void put(std::string& out, const char* v, char after = '\t') {
  put(out, std::string_view(v), after);
}
void put(std::string& out, const std::string& v, char after = '\t') {
  put(out, std::string_view(v), after);
}
void put(std::string& out, const std::optional<std::string>& v, char after = '\t') {
  if (v) {
    put_text(out, *v);
  } else {
    out += "\\N";
  }
  out += after;
}
void put(std::string& out, std::int64_t v, char after = '\t') {
  fmt::format_to(std::back_inserter(out), "{}{}", v, after);
}

enum class Table { none, users, events, versions, shares };

// Streams one pass of a plan into the tables of `wanted` with COPY, one table at a time: in a
// plan users come first and events interleave with their shares, so a pass takes users and
// events, another the versions, another the shares.
class CopySink final : public RowSink {
 public:
  CopySink(PgConn& conn, std::string hash, std::initializer_list<Table> wanted)
      : conn_(conn), hash_(std::move(hash)), wanted_(wanted) {
    buf_.reserve(kFlushAt + 4096);
  }
  CopySink(const CopySink&) = delete;
  CopySink& operator=(const CopySink&) = delete;

  void user(std::int64_t id) override {
    if (!to(Table::users)) return;
    put(buf_, id);
    put(buf_, username_for(id));
    put(buf_, hash_);
    put(buf_, kSeededAt, '\n');
    flush_if_full();
  }

  void event(std::int64_t id, std::int64_t owner, const Content& c) override {
    if (to(Table::events)) {
      put(buf_, id);
      put(buf_, owner);
      row_content(c);
      put(buf_, kSeededAt);
      put(buf_, kSeededAt);
      put(buf_, c.span_start());
      put(buf_, c.span_end());
      put(buf_, c.series() ? "t" : "f", '\n');
    } else if (to(Table::versions)) {
      put(buf_, id);
      put(buf_, std::int64_t{1});
      row_content(c);
      put(buf_, "f");  // all_day
      put(buf_, "");   // exdates
      put(buf_, "");   // rdates
      put(buf_, "");   // overrides
      put(buf_, owner);
      put(buf_, kSeededAt);
      put(buf_, "create", '\n');
    } else {
      return;
    }
    flush_if_full();
  }

  void share(std::int64_t event, std::int64_t user, bool write, const Content& c) override {
    if (!to(Table::shares)) return;
    put(buf_, event);
    put(buf_, user);
    put(buf_, write ? "write" : "read");
    put(buf_, kSeededAt);
    put(buf_, c.start);
    put(buf_, c.series() ? "t" : "f", '\n');
    flush_if_full();
  }

  /// Ends the COPY in progress.
  void finish() {
    if (current_ == Table::none) return;
    conn_.copy_put(buf_);
    buf_.clear();
    conn_.copy_end();
    current_ = Table::none;
  }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;

  void row_content(const Content& c) {
    put(buf_, c.title);
    put(buf_, c.description);
    put(buf_, c.location);
    put(buf_, c.start);
    put(buf_, c.end);
    put(buf_, c.uid);
    put(buf_, c.timezone);
    put(buf_, c.rrule);
  }

  // Switches the COPY to `t` when this pass wants it; false when it does not.
  bool to(Table t) {
    if (t == current_) return true;
    if (std::find(wanted_.begin(), wanted_.end(), t) == wanted_.end()) return false;
    finish();
    conn_.copy_begin(copy_sql(t));
    current_ = t;
    return true;
  }

  static const char* copy_sql(Table t) {
    switch (t) {
      case Table::users:
        return "COPY users(id, username, password_hash, created_at) FROM STDIN";
      case Table::events:
        return "COPY events(id, owner_id, title, description, location, start_time, end_time, "
               "uid, timezone, rrule, created_at, updated_at, span_start, span_end, series) "
               "FROM STDIN";
      case Table::versions:
        return "COPY event_versions(event_id, version, title, description, location, "
               "start_time, end_time, uid, timezone, rrule, all_day, exdates, rdates, overrides, "
               "updated_by, updated_at, change) FROM STDIN";
      case Table::shares:
        return "COPY shares(event_id, user_id, permission, created_at, start_time, series) FROM "
               "STDIN";
      case Table::none:
        break;
    }
    throw std::logic_error("no table");
  }

  void flush_if_full() {
    if (buf_.size() < kFlushAt) return;
    conn_.copy_put(buf_);
    buf_.clear();
  }

  PgConn& conn_;
  std::string hash_;
  std::vector<Table> wanted_;
  Table current_ = Table::none;
  std::string buf_;
};

class PgBackend final : public BenchBackend {
 public:
  PgBackend(std::string admin_url, bool fixed_names)
      : admin_url_(std::move(admin_url)),
        prefix_(fixed_names ? "ecbench_" : fmt::format("ecbench_{}_", ::getpid())) {
    PgConn admin(admin_url_);
    const char* v = PQparameterStatus(admin.handle(), "server_version");
    version_ = v != nullptr ? v : "unknown";
  }

  std::string name() const override { return "PostgreSQL"; }
  std::string version() const override { return version_; }
  std::string where() const override { return redact_database_url(admin_url_); }
  std::string notes() const override {
    return "seeding: a new database per size (CREATE DATABASE), schema by Store::open; users,\n"
           "  events, one version row each and shares by COPY FROM STDIN in one transaction\n"
           "  (triggers and FK checks off where the role may: the loader fills the copies they\n"
           "  keep), then identity sequences set, VACUUM (ANALYZE) and CHECKPOINT. 20 probe users\n"
           "  own and are shared the same events at every size.\n"
           "raw floor: one libpq connection, the backend's statements prepared once\n"
           "  (PQexecPrepared, text parameters), writes in BEGIN ISOLATION LEVEL SERIALIZABLE\n"
           "  ... COMMIT as the backend's; synchronous_commit on for full, off for normal (as\n"
           "  the library sets it).\n";
  }

  std::string url(const std::string& label) const override {
    return with_dbname(admin_url_, db_name(label));
  }
  bool exists(const std::string& label) override {
    PgConn admin(admin_url_);
    return !admin
                .value(
                    fmt::format("SELECT 1 FROM pg_database WHERE datname = '{}'", db_name(label)))
                .empty();
  }
  std::string create(const std::string& label) override {
    drop(label);
    PgConn admin(admin_url_);
    admin.exec(fmt::format("CREATE DATABASE {}", db_name(label)));
    return url(label);
  }
  void drop(const std::string& label) override {
    PgConn admin(admin_url_);
    admin.exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", db_name(label)));
  }

  void load(const std::string& url, const std::function<void(RowSink&)>& plan) override {
    PgConn c(url);
    // Setup, not the thing measured: no waiting for WAL flushes; and, when the role may,
    // no per-row FK checks or triggers (the rows are consistent by construction, and the copies
    // the triggers keep -- a share's start_time and series flag, the duration bound -- are filled
    // here).
    c.exec("SET synchronous_commit = off");
    try {
      c.exec("SET session_replication_role = replica");
    } catch (const std::exception&) {
      // Not a superuser: the triggers and FK checks run, slower but to the same result.
    }
    const std::string hash = c.value("SELECT password_hash FROM users WHERE id = 1");
    c.exec("BEGIN");
    for (auto pass : {std::initializer_list<Table>{Table::users, Table::events},
                      std::initializer_list<Table>{Table::versions},
                      std::initializer_list<Table>{Table::shares}}) {
      CopySink sink(c, hash, pass);
      plan(sink);
      sink.finish();
    }
    c.exec(
        "SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));"
        "SELECT setval(pg_get_serial_sequence('events', 'id'), "
        "  greatest(1, (SELECT max(id) FROM events)), (SELECT count(*) > 0 FROM events));"
        "UPDATE event_duration_bound SET max_duration = greatest(max_duration, "
        "  (SELECT coalesce(max(end_time - start_time), 0) FROM events)) WHERE id = 1");
    c.exec("COMMIT");
    c.exec("RESET session_replication_role");
    // Hint bits, the visibility map and statistics, as a database in use would have them; and
    // the loaded pages written out before durable writes are timed.
    c.exec("VACUUM (ANALYZE)");
    try {
      c.exec("CHECKPOINT");
    } catch (const std::exception&) {
      // Needs superuser or pg_checkpoint; the server's own checkpoints follow later.
    }
  }

  std::int64_t count_shares(const std::string& url) override {
    return std::stoll(PgConn(url).value("SELECT count(*) FROM shares"));
  }

  SpaceUse space(const std::string& url) override {
    PgConn c(url);
    const PgResult r = c.exec(
        "SELECT pg_database_size(current_database()), pg_total_relation_size('events'), "
        "pg_total_relation_size('event_versions'), pg_total_relation_size('shares')");
    SpaceUse s;
    s.total_bytes = r.int_at(0, 0);
    s.event_bytes = r.int_at(0, 1);
    s.version_bytes = r.int_at(0, 2);
    s.share_bytes = r.int_at(0, 3);
    s.other_bytes = s.total_bytes - s.event_bytes - s.version_bytes - s.share_bytes;
    return s;
  }

  std::unique_ptr<RawFloor> floor(const std::string& url, Durability durability) override {
    return std::make_unique<PgFloor>(url, durability == Durability::full);
  }

 private:
  // Labels are digits and '-': the name needs no quoting.
  std::string db_name(std::string label) const {
    for (char& ch : label) {
      if (ch == '-') ch = '_';
    }
    return prefix_ + label;
  }

  std::string admin_url_;
  std::string prefix_;
  std::string version_;
};

}  // namespace

std::unique_ptr<BenchBackend> postgres_backend(const std::string& admin_url, bool fixed_names) {
  return std::make_unique<PgBackend>(admin_url, fixed_names);
}

}  // namespace eventcollab::bench
