// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "eventcollab/export.hpp"

namespace eventcollab {

/// What went wrong, in terms a caller can act on. Each front maps these in one table.
enum class Errc {
  invalid_argument,       ///< well-formed input that fails validation
  unauthenticated,        ///< missing, bad, expired or revoked token; wrong login
  forbidden,              ///< the caller can see the event but lacks the permission
  not_found,              ///< no such thing, or the caller may not know it exists
  conflict,               ///< taken username, stale expected version
  rate_limited,           ///< too many failed logins; see Error::retry_after()
  gone,                   ///< a change feed cursor older than the history kept
  incompatible_database,  ///< not a SQLite file, not ours, or a newer schema
  storage,                ///< SQLite busy or I/O failure
  internal,               ///< a bug: an invariant did not hold
};

/// Stable lower-case name of `code`, e.g. "not_found".
EVENTCOLLAB_EXPORT std::string_view to_string(Errc code) noexcept;

/// The one exception type of the library. what() is fit to show a person and never
/// contains a secret.
class EVENTCOLLAB_EXPORT Error : public std::runtime_error {
 public:
  /// Thrown by the library; also usable by embedding code that maps its own failures onto
  /// the same codes. `message` must be fit to show a person.
  Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}

  /// What went wrong; fronts map it to an exit code or HTTP status.
  Errc code() const noexcept { return code_; }

  /// For batch operations: the 0-based index of the item that failed.
  std::optional<std::size_t> item_index() const noexcept { return item_index_; }
  /// Attaches item_index() to an error being thrown: `throw Error{...}.with_item_index(i);`.
  Error&& with_item_index(std::size_t index) && {
    item_index_ = index;
    return std::move(*this);
  }

  /// For rate_limited: whole seconds until the caller may try again (>= 1).
  std::optional<std::int64_t> retry_after() const noexcept { return retry_after_; }
  /// Attaches retry_after() to an error being thrown.
  Error&& with_retry_after(std::int64_t seconds) && {
    retry_after_ = seconds;
    return std::move(*this);
  }

 private:
  Errc code_;
  std::optional<std::size_t> item_index_;
  std::optional<std::int64_t> retry_after_;
};

}  // namespace eventcollab
