// SPDX-License-Identifier: MIT
// The SQLite side of the benchmark: a file per size, loaded by prepared INSERTs.
#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "backend.hpp"
#include "raw_sqlite.hpp"
#include "sqlite_floor.hpp"

namespace eventcollab::bench {
namespace {

// Raw prepared INSERTs in 100k-row transactions on a connection with synchronous=OFF.
class SqliteSink final : public RowSink {
 public:
  explicit SqliteSink(RawDb& db) : db_(db) {
    RawStmt st = db.prepare("SELECT password_hash FROM users WHERE id = 1");
    st.step();
    hash_ = st.text_at(0);
    user_ = db.prepare(
        "INSERT INTO users(id, username, email, password_hash, created_at) VALUES (?1, ?2, "
        "NULL, ?3, ?4)");
    event_ = db.prepare(
        "INSERT INTO events(id, owner_id, title, description, location, start_time, end_time, "
        "version, created_at, updated_at, uid, timezone, rrule, span_start, span_end, series) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    version_ = db.prepare(
        "INSERT INTO event_versions(event_id, version, title, description, location, "
        "start_time, end_time, uid, timezone, all_day, rrule, exdates, rdates, overrides, "
        "updated_by, updated_at, change) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?9, ?10, 0, ?11, "
        "'', '', '', ?7, ?8, 'create')");
    // start_time and series are filled by the library's own triggers, as for every share.
    share_ = db.prepare(
        "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (?1, ?2, ?3, ?4)");
  }

  void user(std::int64_t id) override {
    const std::string name = username_for(id);
    user_.bind(1, id);
    user_.bind(2, std::string_view(name));
    user_.bind(3, std::string_view(hash_));
    user_.bind(4, kSeededAt);
    user_.run();
  }

  void event(std::int64_t id, std::int64_t owner, const Content& c) override {
    event_.bind(1, id);
    event_.bind(2, owner);
    event_.bind(3, std::string_view(c.title));
    event_.bind(4, c.description);
    event_.bind(5, c.location);
    event_.bind(6, c.start);
    event_.bind(7, c.end);
    event_.bind(8, kSeededAt);
    event_.bind(9, std::string_view(c.uid));
    event_.bind(10, std::string_view(c.timezone));
    event_.bind(11, c.rrule);
    event_.bind(12, c.span_start());
    event_.bind(13, c.span_end());
    event_.bind(14, std::int64_t{c.series() ? 1 : 0});
    event_.run();
    version_.bind(1, id);
    version_.bind(2, std::string_view(c.title));
    version_.bind(3, c.description);
    version_.bind(4, c.location);
    version_.bind(5, c.start);
    version_.bind(6, c.end);
    version_.bind(7, owner);
    version_.bind(8, kSeededAt);
    version_.bind(9, std::string_view(c.uid));
    version_.bind(10, std::string_view(c.timezone));
    version_.bind(11, c.rrule);
    version_.run();
    if (id % 100'000 == 0) db_.exec("COMMIT; BEGIN");
  }

  void share(std::int64_t event, std::int64_t user, bool write, const Content&) override {
    share_.bind(1, event);
    share_.bind(2, user);
    share_.bind(3, std::string_view(write ? "write" : "read"));
    share_.bind(4, kSeededAt);
    share_.run();
  }

 private:
  RawDb& db_;
  std::string hash_;
  RawStmt user_, event_, version_, share_;
};

class SqliteBackend final : public BenchBackend {
 public:
  explicit SqliteBackend(std::filesystem::path dir) : dir_(std::move(dir)) {}

  std::string name() const override { return "SQLite"; }
  std::string version() const override { return sqlite3_libversion(); }
  std::string where() const override { return dir_.string(); }
  std::string notes() const override {
    return "seeding: schema by Store::open; users, events, one version row each and shares by "
           "raw\n"
           "  prepared INSERTs in 100k-row transactions (synchronous=OFF, FKs off), then a WAL\n"
           "  checkpoint and fsync. 20 probe users own and are shared the same events at every "
           "size.\n"
           "raw floor: its own connections with the library's pragmas (WAL, foreign_keys=ON,\n"
           "  synchronous=FULL/NORMAL as the mode, mmap_size=1 GiB), statements prepared once.\n";
  }

  std::string url(const std::string& label) const override {
    return (dir_ / ("bench-" + label + ".db")).string();
  }
  bool exists(const std::string& label) override { return std::filesystem::exists(url(label)); }
  std::string create(const std::string& label) override {
    drop(label);
    return url(label);
  }
  void drop(const std::string& label) override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(url(label) + suffix);
  }

  void load(const std::string& url, const std::function<void(RowSink&)>& plan) override {
    RawDb db(url, "OFF");
    // Seeding is setup, not the thing measured: no fsync, a big cache, no FK checks (the rows
    // are consistent by construction).
    db.exec("PRAGMA foreign_keys = OFF; PRAGMA cache_size = -524288; BEGIN");
    {
      SqliteSink sink(db);
      plan(sink);
    }
    db.exec("COMMIT");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    // Seeding skipped every fsync; flush now, or the kernel would write the file back while
    // the durable writes are being timed and every fsync would queue behind it.
    const int fd = ::open(url.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) throw std::runtime_error("fsync of the seeded database failed");
    ::close(fd);
  }

  std::int64_t count_shares(const std::string& url) override {
    return RawDb(url, "NORMAL").query_int("SELECT count(*) FROM shares");
  }

  SpaceUse space(const std::string& url) override {
    SpaceUse s;
    s.total_bytes = static_cast<std::int64_t>(std::filesystem::file_size(url));
    RawDb db(url, "NORMAL");
    RawStmt st = db.prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name");
    while (st.step()) {
      const std::string name = st.text_at(0);
      const std::int64_t bytes = st.int_at(1);
      // A composite primary key is an index of its own (sqlite_autoindex_<table>_1).
      if (name == "events" || name == "events_by_owner_start" || name == "events_by_owner_uid" ||
          name == "events_series_by_owner") {
        s.event_bytes += bytes;
      } else if (name == "event_versions" || name == "event_versions_by_user" ||
                 name == "sqlite_autoindex_event_versions_1") {
        s.version_bytes += bytes;
      } else if (name == "shares" || name == "shares_by_user" ||
                 name == "sqlite_autoindex_shares_1") {
        s.share_bytes += bytes;
      } else if (name == "visible_events" || name == "visible_events_by_event" ||
                 name == "visible_series") {
        s.copy_bytes += bytes;
      }
    }
    s.other_bytes = s.total_bytes - s.event_bytes - s.version_bytes - s.share_bytes - s.copy_bytes;
    return s;
  }

  std::unique_ptr<RawFloor> floor(const std::string& url, Durability durability) override {
    return std::make_unique<SqliteFloor>(url, durability == Durability::full ? "FULL" : "NORMAL");
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

std::unique_ptr<BenchBackend> sqlite_backend(const std::filesystem::path& dir) {
  return std::make_unique<SqliteBackend>(dir);
}

}  // namespace eventcollab::bench
