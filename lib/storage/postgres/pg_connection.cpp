// SPDX-License-Identifier: MIT
#include "storage/postgres/pg_connection.hpp"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "storage/unit_of_work.hpp"

namespace eventcollab::storage::postgres {
namespace {

// Seconds libpq waits for a server that does not answer, unless the URL says otherwise.
constexpr const char* kConnectTimeout = "10";

// libpq's messages end in newlines and indent their hints: one line reads better in an Error.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (auto pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + with.size())) {
    text.replace(pos, what.size(), with);
  }
}

// The password as written in `url`: in the user part, and as a password= parameter.
std::vector<std::string> raw_passwords(std::string_view url) {
  std::vector<std::string> out;
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return out;
  const auto begin = scheme + 3;
  const auto end = std::min(url.find_first_of("/?#", begin), url.size());
  if (const auto at = url.rfind('@', end); at != std::string_view::npos && at >= begin) {
    if (const auto colon = url.find(':', begin); colon != std::string_view::npos && colon < at) {
      out.emplace_back(url.substr(colon + 1, at - colon - 1));
    }
  }
  for (auto pos = url.find("password="); pos != std::string_view::npos;
       pos = url.find("password=", pos + 1)) {
    const auto value = pos + 9;
    const auto stop = std::min(url.find_first_of("&#", value), url.size());
    out.emplace_back(url.substr(value, stop - value));
  }
  return out;
}

// libpq may quote parts of the URL it could not parse: never let the password through.
std::string scrub(std::string message, std::string_view url, std::string_view location) {
  replace_all(message, url, location);
  for (const auto& pw : raw_passwords(url)) replace_all(message, pw, "***");
  return one_line(message);
}

bool is_connection_failure(std::string_view state) {
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
}

}  // namespace

ConnectSpec connect_spec(const Config& config) {
  ConnectSpec spec;
  spec.url = config.database_url;
  spec.location = redact_database_url(spec.url);
  if (spec.url.find('\0') != std::string::npos) {
    throw Error(Errc::invalid_argument, "DATABASE_URL must not contain NUL characters");
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(spec.url.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    throw Error(Errc::invalid_argument,
                fmt::format("DATABASE_URL {} is not a valid PostgreSQL URL: {}", spec.location,
                            scrub(why, spec.url, spec.location)));
  }
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::strcmp(o->keyword, "connect_timeout") == 0 && o->val != nullptr && *o->val != '\0') {
      spec.set_timeout = false;
    }
  }
  PQconninfoFree(options);
  spec.synchronous_commit = config.durability == Durability::full;
  spec.read_only = config.access_mode == AccessMode::read_only;
  return spec;
}

Params& Params::add(std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  values_.emplace_back(std::string(buf, end));
  lengths_.push_back(0);
  formats_.push_back(0);
  return *this;
}

Params& Params::add(std::string_view v) {
  values_.emplace_back(std::string(v));
  lengths_.push_back(0);
  formats_.push_back(0);
  return *this;
}

Params& Params::add(const std::optional<std::string>& v) {
  return add(v ? std::optional<std::string_view>(*v) : std::nullopt);
}

Params& Params::add(std::optional<std::string_view> v) {
  if (v) return add(*v);
  values_.emplace_back(std::nullopt);
  lengths_.push_back(0);
  formats_.push_back(0);
  return *this;
}

Params& Params::add_bytes(std::string_view v) {
  values_.emplace_back(std::string(v));
  lengths_.push_back(static_cast<int>(v.size()));
  formats_.push_back(1);
  return *this;
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

std::string Rows::text(int row, int col) const {
  const char* v = PQgetvalue(result_.get(), row, col);
  return std::string(v, static_cast<std::size_t>(PQgetlength(result_.get(), row, col)));
}

std::optional<std::string> Rows::optional_text(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return text(row, col);
}

std::int64_t Rows::integer(int row, int col) const {
  if (is_null(row, col)) return 0;
  const char* v = PQgetvalue(result_.get(), row, col);
  const char* end = v + PQgetlength(result_.get(), row, col);
  std::int64_t out = 0;
  auto [stop, ec] = std::from_chars(v, end, out);
  if (ec != std::errc{} || stop != end) {
    throw Error(Errc::internal,
                fmt::format("column {} holds '{}', not an integer", PQfname(result_.get(), col),
                            std::string_view(v, static_cast<std::size_t>(end - v))));
  }
  return out;
}

bool Rows::boolean(int row, int col) const {
  return !is_null(row, col) && PQgetvalue(result_.get(), row, col)[0] == 't';
}

std::string Rows::bytes(int row, int col) const {
  std::size_t length = 0;
  unsigned char* raw = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, col)), &length);
  if (raw == nullptr) throw Error(Errc::storage, "out of memory decoding a bytea value");
  std::string out(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return out;
}

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_.get());
  std::int64_t out = 0;
  std::from_chars(n, n + std::strlen(n), out);
  return out;
}

std::unique_ptr<PgConnection> PgConnection::connect(const ConnectSpec& spec) {
  // Later entries override earlier ones: the URL may set its own connect_timeout and
  // application_name; the client encoding is always UTF-8.
  std::vector<const char*> keys;
  std::vector<const char*> values;
  if (spec.set_timeout) {
    keys.push_back("connect_timeout");
    values.push_back(kConnectTimeout);
  }
  keys.insert(keys.end(), {"fallback_application_name", "dbname", "client_encoding", nullptr});
  values.insert(values.end(), {"eventcollab", spec.url.c_str(), "UTF8", nullptr});
  PGconn* raw = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (raw == nullptr) throw Error(Errc::storage, "out of memory connecting to PostgreSQL");
  std::unique_ptr<PgConnection> conn(new PgConnection(raw, spec.location));
  // A library does not write to stderr: the server's notices (e.g. "skipping") are dropped.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  if (PQstatus(raw) != CONNECTION_OK) {
    const std::string why = scrub(PQerrorMessage(raw), spec.url, spec.location);
    const char* host = PQhost(raw);
    const char* port = PQport(raw);
    if (why.find("database \"") != std::string::npos &&
        why.find("does not exist") != std::string::npos) {
      throw Error(Errc::not_found,
                  fmt::format("no database at {}: {} (create it first, e.g. with createdb)",
                              spec.location, why));
    }
    throw Error(Errc::storage,
                fmt::format("cannot connect to the PostgreSQL server at host {}, port {}: {}",
                            host != nullptr && *host != '\0' ? host : "(default)",
                            port != nullptr && *port != '\0' ? port : "(default)", why));
  }
  const char* encoding = PQparameterStatus(raw, "server_encoding");
  if (encoding == nullptr || std::strcmp(encoding, "UTF8") != 0) {
    throw Error(Errc::incompatible_database,
                fmt::format("the database has encoding {}; eventcollab stores UTF-8 text: "
                            "create the database with ENCODING 'UTF8'",
                            encoding != nullptr ? encoding : "(unknown)"));
  }
  // Units name their isolation in BEGIN; a lone statement runs READ COMMITTED whatever the
  // server's default, so it never fails with a serialization error nobody would retry.
  std::string session = "SET default_transaction_isolation = 'read committed';";
  if (!spec.synchronous_commit) session += "SET synchronous_commit = off;";
  if (spec.read_only) session += "SET default_transaction_read_only = on;";
  conn->exec(session.c_str());
  return conn;
}

Rows PgConnection::run(const std::string& sql, const Params& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = fmt::format("ec{}", prepared_.size() + 1);
    checked(PQprepare(conn_.get(), name.c_str(), sql.c_str(), params.size(), nullptr), "prepare");
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const auto values = params.pointers();
  return checked(PQexecPrepared(conn_.get(), it->second.c_str(), params.size(), values.data(),
                                params.lengths(), params.formats(), /*resultFormat=*/0),
                 "statement");
}

Rows PgConnection::exec(const char* sql) { return checked(PQexec(conn_.get(), sql), "statement"); }

bool PgConnection::reusable() const {
  return !broken_ && PQstatus(conn_.get()) == CONNECTION_OK &&
         PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
}

Rows PgConnection::checked(PGresult* result, const char* what) {
  Rows rows(result);  // owns it from here, also when fail() throws
  const auto status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  fail(result, what);
}

void PgConnection::fail(const PGresult* result, const char* what) {
  const char* state_field =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string state = state_field != nullptr ? state_field : "";
  const std::string message = one_line(primary != nullptr ? primary : PQerrorMessage(conn_.get()));
  if (PQstatus(conn_.get()) != CONNECTION_OK || is_connection_failure(state)) {
    broken_ = true;
    throw Error(Errc::storage,
                fmt::format("lost the connection to the PostgreSQL server at {} ({}): {}; the "
                            "next operation reconnects",
                            location_, what, message));
  }
  if (state == "40001" || state == "40P01") throw RetryableConflict(message);
  if (state == "23505") throw PgError(Errc::conflict, message, state);
  throw PgError(Errc::storage, fmt::format("PostgreSQL {} failed: {}", what, message), state);
}

PgTransaction::PgTransaction(PgConnection& conn, const char* begin) : conn_(conn) {
  if (begin != nullptr) {
    conn_.exec(begin);
    open_ = true;
  }
}

PgTransaction::~PgTransaction() {
  if (!open_) return;
  try {
    conn_.exec("ROLLBACK");
  } catch (...) {  // a lost connection is dropped by the pool; nothing was committed
  }
}

void PgTransaction::commit() {
  if (!open_) return;
  open_ = false;  // whatever COMMIT answers, the transaction is over
  const Rows done = conn_.exec("COMMIT");
  if (done.command() != "COMMIT") {
    throw Error(Errc::storage, "the server rolled the transaction back instead of committing it");
  }
}

}  // namespace eventcollab::storage::postgres
