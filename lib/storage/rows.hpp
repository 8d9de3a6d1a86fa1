// SPDX-License-Identifier: MIT
// Plain values that cross the storage seam besides the public types (User, Event, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "eventcollab/auth.hpp"

namespace eventcollab::storage {

/// A user with the stored password hash, for login.
struct UserRow {
  User user;
  std::string password_hash;
};

/// A refresh token as stored, with the state of the login it belongs to.
struct RefreshRow {
  std::int64_t session_id = 0;
  UserId user_id = 0;
  std::int64_t expires_at = 0;          ///< of the refresh token
  std::int64_t session_expires_at = 0;  ///< of the login it belongs to
  bool used = false;
  bool session_revoked = false;
};

/// Where an event lies in real time, kept beside its content for window queries: the real
/// start of its first occurrence and end of its last (kMaxTime when it never ends), and
/// whether it repeats (then only a window query's series arm finds it).
struct EventSpan {
  std::int64_t start = 0;
  std::int64_t end = 0;
  bool series = false;
};

/// One page of the events a user may see, ordered by (start_time, id).
struct ListFilter {
  std::int64_t skip = 0;
  std::int64_t limit = 100;
  std::optional<std::int64_t> from;   ///< events whose real span ends after from
  std::optional<std::int64_t> to;     ///< events whose real span starts before to
  std::optional<std::string> needle;  ///< substring of title, description or location, any case
};

}  // namespace eventcollab::storage
