// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/crypto.hpp"

namespace eventcollab::auth {

/// What an access token asserts. `sid` ties it to a login session so that logout and refresh
/// reuse can revoke it.
struct Claims {
  std::int64_t user_id = 0;     // "sub", as a decimal string
  std::int64_t session_id = 0;  // "sid"
  std::int64_t issued_at = 0;   // "iat"
  std::int64_t expires_at = 0;  // "exp"
  std::string token_id;         // "jti"
};

/// HS256 JSON Web Tokens with the algorithm pinned: the only header accepted is the one we
/// issue, so `alg: none` and RS256/HS256 confusion cannot get past the first comparison.
class JwtCodec {
 public:
  explicit JwtCodec(std::string_view key) : hmac_(key) {}

  std::string encode(const Claims& claims) const;

  /// Checks the structure, header, signature (constant time) and claim types. Does not check
  /// expiry. Throws Error: unauthenticated.
  Claims decode(std::string_view token) const;

 private:
  crypto::HmacSha256 hmac_;
};

}  // namespace eventcollab::auth
