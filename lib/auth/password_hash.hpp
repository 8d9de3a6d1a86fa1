// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eventcollab::auth {

/// Self-describing PBKDF2-HMAC-SHA256 hash:
/// `$pbkdf2-sha256$i=<iterations>$<base64 salt>$<base64 hash>` (16-byte salt, 32-byte hash).
std::string hash_password(std::string_view password, std::uint32_t iterations);

struct PasswordCheck {
  bool ok = false;
  bool needs_rehash = false;  ///< made with another iteration count than now configured
};

/// Verifies in constant time. A malformed stored hash never verifies. A failed check always
/// costs at least `configured_iterations`, whatever the stored hash's own count: a user whose
/// hash predates a raised cost must not answer faster than an unknown name.
PasswordCheck verify_password(std::string_view password, std::string_view stored,
                              std::uint32_t configured_iterations);

/// Burns the same time as verify_password against a hash of `iterations`, for unknown users,
/// so timing does not reveal whether a username exists.
void verify_dummy(std::string_view password, std::uint32_t iterations);

}  // namespace eventcollab::auth
