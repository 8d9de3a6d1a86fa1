// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "eventcollab/export.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab {

/// How a commit reaches the disk.
enum class Durability {
  full,    ///< synchronous=FULL: a change is on disk when the call returns
  normal,  ///< synchronous=NORMAL: faster; the last commits may be lost on power loss, never
           ///< corrupts
};

/// Which kind of database a DATABASE_URL names.
enum class Backend {
  sqlite,    ///< a file: a path, `sqlite:///relative` or `sqlite:////absolute`
  postgres,  ///< a PostgreSQL server: `postgresql://...` or `postgres://...`
};

/// Whether a Store may write. See Config::access_mode.
enum class AccessMode {
  read_write,  ///< reads and writes; migrates the file to the current schema
  read_only,   ///< reads only: never writes, never migrates, never waits on a writer
};

/// The bounds every Config must meet, in one place: Config::from_env() refuses an environment
/// value outside them and Store::open() refuses a Config outside them (Config::validate()).
struct ConfigLimits {
  /// access_token_expire_minutes: 1 minute .. 1 year.
  static constexpr std::int64_t max_access_token_expire_minutes = 525'600;
  /// refresh_token_expire_days: 1 day .. 10 years.
  static constexpr std::int64_t max_refresh_token_expire_days = 3'650;
  /// session_expire_days: 1 day .. 10 years.
  static constexpr std::int64_t max_session_expire_days = 3'650;
  /// change_retention_days: 1 day .. 10 years.
  static constexpr std::int64_t max_change_retention_days = 3'650;
  /// password_iterations: 1 (tests only) .. 100 million.
  static constexpr std::uint32_t max_password_iterations = 100'000'000;
  /// busy_timeout_ms: 0 .. 10 minutes (SQLite takes an int of milliseconds).
  static constexpr std::int64_t max_busy_timeout_ms = 600'000;
  /// pool_size: 1 .. 1,000 connections.
  static constexpr int max_pool_size = 1'000;
  /// login_max_failures: 1 .. 1,000,000.
  static constexpr int max_login_max_failures = 1'000'000;
  /// login_failure_window_seconds: 1 second .. 1 year.
  static constexpr std::int64_t max_login_failure_window_seconds = 31'536'000;
  /// secret_key, when set: at least this many bytes.
  static constexpr std::size_t min_secret_key_bytes = 32;
};

/// Options for Store::open, in the style of an options struct: every field has a default.
/// Precedence when built with from_env(): caller (set fields after the call) > environment >
/// `.env` file > the defaults below.
struct EVENTCOLLAB_EXPORT Config {
  /// A plain path, `sqlite:///relative/path` or `sqlite:////absolute/path` (the embedded
  /// default); or a PostgreSQL URL, `postgresql://user:password@host:port/dbname` (also
  /// `postgres://`, and libpq's socket form `postgresql:///dbname?host=/run/postgresql`).
  /// Env: DATABASE_URL. Default: "./eventcollab.db".
  std::string database_url = "./eventcollab.db";

  /// Key for signing access tokens (at least 32 bytes). Env: SECRET_KEY.
  /// Default: unset — a random 256-bit key is generated once and kept in the database.
  std::optional<std::string> secret_key{};

  /// Lifetime of an access token. Env: ACCESS_TOKEN_EXPIRE_MINUTES. Default: 30.
  std::int64_t access_token_expire_minutes = 30;

  /// Lifetime of a refresh token. Env: REFRESH_TOKEN_EXPIRE_DAYS. Default: 14.
  std::int64_t refresh_token_expire_days = 14;

  /// Absolute lifetime of a login: however often it is refreshed, its tokens stop working
  /// this many days after the password was given. Env: SESSION_EXPIRE_DAYS. Default: 30.
  std::int64_t session_expire_days = 30;

  /// How long the change feed keeps a change; a cursor older than that is refused (gone).
  /// Env: EVENTCOLLAB_CHANGE_RETENTION_DAYS. Default: 30.
  std::int64_t change_retention_days = 30;

  /// PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP 2023: 600,000). Lower
  /// values are for tests only. Env: EVENTCOLLAB_PASSWORD_ITERATIONS. Default: 600000.
  std::uint32_t password_iterations = 600'000;

  /// Env: EVENTCOLLAB_DURABILITY (`full` or `normal`). Default: full.
  Durability durability = Durability::full;

  /// The most connections a store keeps open at once to a PostgreSQL server; more callers wait
  /// for one to be free. (SQLite opens one per concurrent caller: they are cheap.)
  /// Env: EVENTCOLLAB_POOL_SIZE. Default: 8.
  int pool_size = 8;

  /// How long a writer waits for another process's lock, in milliseconds.
  /// Env: EVENTCOLLAB_BUSY_TIMEOUT_MS. Default: 10000.
  std::int64_t busy_timeout_ms = 10'000;

  /// Failed logins for one username within the window that trigger rate_limited. Default: 5.
  int login_max_failures = 5;
  /// Length of that window in seconds. Default: 900 (15 minutes).
  std::int64_t login_failure_window_seconds = 900;

  /// Source of the current time. Default: the system clock.
  Clock clock = system_now;

  /// read_write (default) or read_only. A read-only store opens an existing file with a
  /// read-only connection: it never creates or migrates the file (an older schema is refused:
  /// run `eventcollab migrate`), works on a file it may not write (mode 0444), reads while
  /// another process holds the write lock, and refuses every write with invalid_argument.
  AccessMode access_mode = AccessMode::read_write;

  /// When true (default), a read_write open creates a missing file (mode 0600). When false,
  /// a missing file is refused with not_found ("no database at PATH"). A read_only open never
  /// creates.
  bool create_if_missing = true;

  /// Reads the environment, then `dotenv` (KEY=VALUE lines, `#` comments, optional quotes;
  /// a missing file is fine). Throws Error: invalid_argument naming the bad variable.
  static Config from_env(const std::filesystem::path& dotenv = ".env");

  /// Checks every field against ConfigLimits (and that clock is set), naming the field and its
  /// bounds. Store::open() and Store::inspect() call it. Throws Error: invalid_argument.
  void validate() const;

  /// The backend database_url names. Throws Error: invalid_argument (see database_backend).
  Backend backend() const;

  /// The SQLite file named by database_url.
  /// Throws Error: invalid_argument for an unsupported or malformed URL, or a PostgreSQL URL.
  std::filesystem::path database_path() const;
};

/// Parses a DATABASE_URL value into a file path (see Config::database_url). Refuses an empty
/// value, other schemes, SQLite URI filenames (`file:...`) and an in-memory database
/// (`:memory:`, also as `sqlite:///:memory:`): the store needs one file shared by its
/// connections. Throws Error: invalid_argument.
EVENTCOLLAB_EXPORT std::filesystem::path parse_database_url(std::string_view url);

/// The backend a DATABASE_URL value names: `postgresql://` and `postgres://` are PostgreSQL,
/// a path or `sqlite://` SQLite. Throws Error: invalid_argument for an empty value or another
/// scheme (`mysql://...`).
EVENTCOLLAB_EXPORT Backend database_backend(std::string_view url);

/// The DATABASE_URL as it may be shown in logs, errors and status output: a password, in the
/// user part or as a `password=` parameter, is replaced by `***`. Never throws.
EVENTCOLLAB_EXPORT std::string redact_database_url(std::string_view url);

}  // namespace eventcollab
