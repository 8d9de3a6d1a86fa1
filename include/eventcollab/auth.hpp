// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eventcollab/export.hpp"
#include "eventcollab/time.hpp"

namespace eventcollab {

/// Identifies a user; assigned by the store, never reused.
using UserId = std::int64_t;

/// A registered user as others may see it (never the password hash).
struct User {
  UserId id = 0;
  std::string username{};
  std::optional<std::string> email{};
  Timestamp created_at{};
};

/// An authenticated caller: what every domain operation takes to decide permissions.
/// Obtain one from Auth::authenticate (or Auth::trusted_principal when the embedding
/// application authenticates users itself).
///
/// In C++ a Principal is a trusted value, not a credential that is checked again: whoever
/// holds one acts as that user, and the library does not re-verify it per call. A front (the
/// CLI, the HTTP server) gets one from a token with Auth::authenticate on every request and
/// must never build one from client input. It survives Auth::logout: logout revokes the
/// login's tokens, so later authenticate() calls fail, but a Principal already obtained keeps
/// working until the holder drops it. Keep them short-lived (one request).
struct Principal {
  UserId user_id = 0;
  std::string username{};
  std::int64_t session_id = 0;  ///< the login this came from; 0 for trusted principals
};

/// What login and refresh hand out.
struct TokenPair {
  std::string access_token{};  ///< JWT HS256 with sub, iat, exp, jti
  std::string token_type = "bearer";
  std::int64_t expires_in = 0;  ///< seconds (exp - iat)
  std::string refresh_token{};  ///< opaque; only its hash is stored
};

class Store;
namespace detail {
struct StoreCore;
}

/// Users, passwords and tokens. Reached through Store::auth(); safe to use from many threads.
class EVENTCOLLAB_EXPORT Auth {
 public:
  /// Creates a user. Username: 3–64 ASCII letters, digits, `_ . -`, unique ignoring case.
  /// Password: 8–1024 bytes. Email: optional, ≤ 254 characters, one `@` with text both sides.
  /// Throws Error: invalid_argument, conflict (username taken).
  User register_user(std::string_view username, std::string_view password,
                     std::optional<std::string_view> email = {});

  /// Checks the password (username ignores case) and starts a login session.
  /// Throws Error: unauthenticated (unknown user or wrong password: one message for both),
  /// rate_limited (too many failures for this username; see Error::retry_after()).
  TokenPair login(std::string_view username, std::string_view password);

  /// Rotates a refresh token: the one given stops working. Presenting a rotated token again
  /// revokes every token of that login. Throws Error: unauthenticated.
  TokenPair refresh(std::string_view refresh_token);

  /// Revokes the principal's login: its access and refresh tokens stop working.
  /// Throws Error: unauthenticated (already revoked).
  void logout(const Principal& who);

  /// Verifies an access token: HS256 only, signature (constant time), expiry, revocation,
  /// and that the user still exists. Throws Error: unauthenticated.
  Principal authenticate(std::string_view access_token);

  /// A principal for a user the embedding application has authenticated by other means.
  /// Throws Error: not_found.
  Principal trusted_principal(UserId id);

  /// The principal's own user record. Throws Error: unauthenticated (user gone).
  User me(const Principal& who);

  /// Looks a user up by name (ignoring case). Throws Error: not_found.
  User find_user(std::string_view username);

 private:
  friend class Store;
  explicit Auth(detail::StoreCore& core) : core_(&core) {}
  detail::StoreCore* core_;
};

}  // namespace eventcollab
