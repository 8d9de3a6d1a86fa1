// SPDX-License-Identifier: MIT
// One libpq connection: connecting with a timeout, prepared statements cached by SQL text,
// text parameters (bytea binary), and libpq's errors turned into eventcollab::Error.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eventcollab/config.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab::storage::postgres {

/// An error the server reported, with its SQLSTATE (e.g. "23505"), so a caller can turn a
/// specific one into a better message. code() is conflict for a unique violation, else storage.
class PgError : public Error {
 public:
  PgError(Errc code, const std::string& message, std::string sqlstate)
      : Error(code, message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  std::string sqlstate_;
};

/// Where and how to connect: the URL as configured, checked once.
struct ConnectSpec {
  std::string url;          ///< passed to libpq as given (it decodes percent-encoding itself)
  std::string location;     ///< the URL without its password, for messages
  bool set_timeout = true;  ///< false when the URL sets connect_timeout itself
  bool synchronous_commit = true;  ///< Durability::normal turns it off per session
  bool read_only = false;          ///< default_transaction_read_only for the session
};

/// Checks config.database_url with libpq's own parser. Throws Error: invalid_argument naming
/// what is wrong (without the password).
ConnectSpec connect_spec(const Config& config);

/// Statement parameters. Numbers and text travel as text; bytes as binary (bytea).
class Params {
 public:
  Params& add(std::int64_t v);
  Params& add(std::string_view v);
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(const std::optional<std::string>& v);
  Params& add(std::optional<std::string_view> v);
  Params& add_bytes(std::string_view v);

  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> pointers() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  std::vector<std::optional<std::string>> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

/// The rows of one statement's result, read from libpq's text format.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result) {}
  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool is_null(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string text(int row, int col) const;
  std::optional<std::string> optional_text(int row, int col) const;
  /// NULL reads as 0 (like sqlite3_column_int64).
  std::int64_t integer(int row, int col) const;
  bool boolean(int row, int col) const;
  /// A bytea column (hex text format) as its bytes.
  std::string bytes(int row, int col) const;
  /// Rows an INSERT/UPDATE/DELETE touched.
  std::int64_t affected() const;
  /// The command tag, e.g. "COMMIT" (or "ROLLBACK" for a COMMIT of a failed transaction).
  std::string command() const { return PQcmdStatus(result_.get()); }

 private:
  struct Clear {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

/// One connection to the server. Not thread-safe: a pool hands it to one user at a time.
class PgConnection {
 public:
  /// Connects (within connect_timeout) and sets the session up. Throws Error: storage naming
  /// host and port; not_found when the server has no such database.
  static std::unique_ptr<PgConnection> connect(const ConnectSpec& spec);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection() = default;

  /// Runs `sql` as a prepared statement (prepared once per connection). Throws PgError,
  /// RetryableConflict (serialization failure, deadlock), Error storage (connection lost).
  Rows run(const std::string& sql, const Params& params = {});

  /// Runs `sql` (no parameters; may hold several statements: BEGIN, SET, DDL) unprepared.
  /// Throws as run().
  Rows exec(const char* sql);

  /// False once the connection failed or left a transaction open: the pool drops it.
  bool reusable() const;
  /// True when the last error was the connection itself failing.
  bool broken() const { return broken_; }

  const std::string& location() const { return location_; }

  /// The libpq handle, for waiting on its socket (LISTEN); statements go through run().
  PGconn* handle() const noexcept { return conn_.get(); }

 private:
  explicit PgConnection(PGconn* conn, std::string location)
      : conn_(conn), location_(std::move(location)) {}
  Rows checked(PGresult* result, const char* what);
  [[noreturn]] void fail(const PGresult* result, const char* what);

  struct Finish {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
  };
  std::unique_ptr<PGconn, Finish> conn_;
  std::string location_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  bool broken_ = false;
};

/// A transaction on one connection: BEGIN in the constructor, ROLLBACK in the destructor
/// unless commit() ran.
class PgTransaction {
 public:
  /// `begin`: the BEGIN statement, or nullptr for none (autocommit: one statement).
  PgTransaction(PgConnection& conn, const char* begin);
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  ~PgTransaction();

  /// Throws Error as PgConnection::run; storage when the server rolled the transaction back.
  void commit();

 private:
  PgConnection& conn_;
  bool open_ = false;
};

}  // namespace eventcollab::storage::postgres
