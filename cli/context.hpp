// SPDX-License-Identifier: MIT
// What every command shares: the global options, the Store (opened on first use, so that
// usage errors and `--help` never touch the database) and the caller's token.
#pragma once

#include <cstdint>
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

class Context {
 public:
  // Global options, filled in by CLI11.
  std::string db{};     ///< --db PATH|URL; empty: DATABASE_URL, .env, ./eventcollab.db
  std::string token{};  ///< --token, or EVENTCOLLAB_TOKEN
  bool json = false;
  bool quiet = false;

  /// Set by a command that succeeded but must still exit non-zero (`check` with problems).
  int exit_code = 0;

  OutputMode mode() const noexcept {
    return json ? OutputMode::json : quiet ? OutputMode::quiet : OutputMode::human;
  }

  /// Config::from_env(), then --db. Throws Error: invalid_argument.
  Config config() const;

  /// The store, opened (and migrated) on first use. Throws Error.
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
/// only, from `min` to INT64_MAX. Numeric arguments are taken as text because CLI11 2.1 clamps
/// integers past int64 (`event delete 9223372036854775808` would delete event
/// 9223372036854775807). Throws Error: invalid_argument naming the argument.
std::int64_t parse_integer_argument(std::string_view name, std::string_view text,
                                    std::int64_t min = 0);

/// An id argument: a positive integer. Throws Error: invalid_argument.
inline std::int64_t parse_id_argument(std::string_view name, std::string_view text) {
  return parse_integer_argument(name, text, 1);
}

}  // namespace eventcollab::cli
