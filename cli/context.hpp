// SPDX-License-Identifier: MIT
// What every command shares: the global options, the Store (opened on first use, so that
// usage errors and `--help` never touch the database) and the caller's token.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "eventcollab/eventcollab.hpp"

namespace eventcollab::cli {

/// Input the CLI itself could not use (unreadable file, malformed JSON, no password): exit 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How results are printed.
enum class OutputMode {
  human,  ///< aligned tables, readable times
  json,   ///< exactly the docs/REST.md shapes, one document
  quiet,  ///< only the key value (a token or an id), or nothing
};

/// How a command opens the database.
enum class Access {
  create,  ///< read-write, creating a missing file (init, migrate, user register, serve)
  write,   ///< read-write, an existing database only
  read,    ///< read-only, an existing database only: never writes, never waits on a writer
};

class Context {
 public:
  // Global options, filled in by CLI11.
  std::string db{};       ///< --db PATH|URL; unset: DATABASE_URL, .env, ./eventcollab.db
  bool db_given = false;  ///< --db was on the command line (an empty one is refused)
  std::string token{};    ///< --token, or EVENTCOLLAB_TOKEN
  bool json = false;
  bool quiet = false;

  /// Set by a command that succeeded but must still exit non-zero (`check` with problems).
  int exit_code = 0;

  OutputMode mode() const noexcept {
    return json ? OutputMode::json : quiet ? OutputMode::quiet : OutputMode::human;
  }

  /// How the running command opens the database; set by opens() before its callback runs.
  Access access = Access::create;

  /// Config::from_env(), then --db, then `access`. Throws Error: invalid_argument (also for an
  /// empty --db).
  Config config() const;

  /// The store, opened on first use as `access` says. A command that does not create refuses
  /// a missing file: not_found, "no database at PATH (run `eventcollab init`)". Throws Error.
  Store& store();

  /// The caller, from --token or EVENTCOLLAB_TOKEN. Throws Error: unauthenticated.
  Principal principal();

 private:
  std::optional<Store> store_{};
};

/// Parses an RFC 3339 time given to `option`, naming the option on error.
/// Throws Error: invalid_argument.
Timestamp parse_time_option(std::string_view option, std::string_view text);

/// Reads the whole number given to argument `name` ("ID", "--limit") strictly: ASCII digits
/// only, from `min` to `max`; the error names that range. Numeric arguments are taken as text
/// because CLI11 2.1 clamps integers past int64 (`event delete 9223372036854775808` would delete
/// event 9223372036854775807). Throws Error: invalid_argument naming the argument.
std::int64_t parse_integer_argument(std::string_view name, std::string_view text,
                                    std::int64_t min = 0,
                                    std::int64_t max = std::numeric_limits<std::int64_t>::max());

/// An id argument: a positive integer. Throws Error: invalid_argument.
inline std::int64_t parse_id_argument(std::string_view name, std::string_view text) {
  return parse_integer_argument(name, text, 1);
}

}  // namespace eventcollab::cli
