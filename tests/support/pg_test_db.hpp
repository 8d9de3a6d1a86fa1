// SPDX-License-Identifier: MIT
// PostgreSQL for tests: a fresh database per test on the server named by
// EVENTCOLLAB_TEST_POSTGRES_URL (an admin URL, e.g. what .ci/pg_cluster.sh start prints),
// dropped at scope end; and a fingerprint of a database's contents for "nothing changed".
// Header-only; links libpq.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace eventcollab::test {

/// The admin URL of the test server, or nullopt when the PostgreSQL tests are to be skipped.
inline std::optional<std::string> pg_admin_url() {
  const char* url = std::getenv("EVENTCOLLAB_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

/// `url` with its database name replaced by `dbname` (the query, e.g. ?host=, is kept).
inline std::string pg_url_with_db(const std::string& url, const std::string& dbname) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) throw std::invalid_argument("not a URL: " + url);
  const auto authority_end = std::min(url.find_first_of("/?#", scheme + 3), url.size());
  std::string out = url.substr(0, authority_end) + "/" + dbname;
  auto rest = authority_end;
  if (rest < url.size() && url[rest] == '/') {
    rest = std::min(url.find_first_of("?#", rest), url.size());
  }
  return out + url.substr(rest);
}

/// A direct libpq connection for test setup and inspection (not the library's code).
class PgAdmin {
 public:
  explicit PgAdmin(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      throw std::runtime_error(std::string("test: cannot connect: ") + PQerrorMessage(conn_.get()));
    }
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
  }

  /// Runs `sql` (no parameters); throws std::runtime_error with the server's message.
  void exec(const std::string& sql) { (void)run(sql); }

  /// The first column of every row as text ("NULL" for a null).
  std::vector<std::string> column(const std::string& sql) {
    auto r = run(sql);
    std::vector<std::string> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      out.push_back(PQgetisnull(r.get(), i, 0) ? "NULL" : PQgetvalue(r.get(), i, 0));
    }
    return out;
  }

  /// The first column of the first row ("" when there is none).
  std::string text(const std::string& sql) {
    auto rows = column(sql);
    return rows.empty() ? std::string() : rows.front();
  }
  long long integer(const std::string& sql) { return std::stoll(text(sql)); }

  /// This connection's backend process id, for pg_terminate_backend.
  int backend_pid() const { return PQbackendPID(conn_.get()); }

 private:
  struct ClearResult {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  struct Finish {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
  };
  using Result = std::unique_ptr<PGresult, ClearResult>;

  Result run(const std::string& sql) {
    Result r(PQexec(conn_.get(), sql.c_str()));
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("test SQL failed: " + sql + ": " + PQerrorMessage(conn_.get()));
    }
    return r;
  }

  std::unique_ptr<PGconn, Finish> conn_;
};

/// A fresh, empty database ec_t_<pid>_<counter>_<random> on the admin URL's server (UTF-8,
/// the server's default locale), dropped with every connection to it at scope end.
class PgTestDb {
 public:
  explicit PgTestDb(const std::string& admin_url) : admin_url_(admin_url) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    name_ = "ec_t_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
            std::to_string(rd() % 1'000'000);
    PgAdmin(admin_url_).exec("CREATE DATABASE " + name_ + " ENCODING 'UTF8'");
    url_ = pg_url_with_db(admin_url_, name_);
  }
  PgTestDb(const PgTestDb&) = delete;
  PgTestDb& operator=(const PgTestDb&) = delete;
  ~PgTestDb() {
    try {
      PgAdmin(admin_url_).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {  // a destructor must not throw; the cluster is thrown away anyway
    }
  }

  /// The database's URL: the admin URL with its name.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  const std::string& admin_url() const { return admin_url_; }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

/// Every table of the database's current schema, its definition (columns, indexes, triggers)
/// and its rows in a stable order, as one string: equal before and after means nothing was
/// written. Sequences are left out (a rolled-back insert still consumes an id).
inline std::string pg_fingerprint(const std::string& url) {
  PgAdmin db(url);
  std::string out;
  const auto objects = db.column(
      "SELECT c.relkind::text || ' ' || c.relname || ' ' || coalesce(pg_get_indexdef(c.oid), '') "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind <> 'S' ORDER BY c.relname");
  for (const auto& o : objects) out += o + "\n";
  for (const auto& c : db.column(
           "SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) "
           "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON "
           "n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' AND "
           "a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum")) {
    out += c + "\n";
  }
  for (const auto& t :
       db.column("SELECT tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal "
                 "ORDER BY tgname")) {
    out += t + "\n";
  }
  const auto tables = db.column(
      "SELECT quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = "
      "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname");
  for (const auto& t : tables) {
    out += "== " + t + "\n";
    for (const auto& row : db.column("SELECT r::text FROM " + t + " r ORDER BY 1")) {
      out += row + "\n";
    }
  }
  return out;
}

}  // namespace eventcollab::test
