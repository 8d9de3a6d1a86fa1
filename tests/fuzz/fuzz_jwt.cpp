// SPDX-License-Identifier: MIT
// JWT parsing and verification. The first byte picks a mode:
//   even: the rest is a token as a client would send it (must not verify unless genuine);
//   odd:  the rest is a payload, signed with the key, so the claim parser is reached.
// Whatever decodes must encode and decode back to the same claims.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/jwt.hpp"
#include "crypto/crypto.hpp"
#include "eventcollab/error.hpp"

using namespace eventcollab;

namespace {

constexpr std::string_view kKey = "fuzzing-key-fuzzing-key-fuzzing-key!";
constexpr std::string_view kHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

bool same(const auth::Claims& a, const auth::Claims& b) {
  return a.user_id == b.user_id && a.session_id == b.session_id && a.issued_at == b.issued_at &&
         a.expires_at == b.expires_at && a.token_id == b.token_id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const auth::JwtCodec codec(kKey);
  static const crypto::HmacSha256 hmac(kKey);
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::string token;
  if (data[0] % 2 == 0) {
    token = rest;
  } else {
    token = std::string(kHeader) + "." + crypto::base64url_encode(rest);
    token += "." + crypto::base64url_encode(hmac.sign(token));
  }
  auth::Claims claims;
  try {
    claims = codec.decode(token);
  } catch (const Error& e) {
    if (e.code() != Errc::unauthenticated) std::abort();
    return 0;
  }
  const std::string again = codec.encode(claims);
  if (!same(codec.decode(again), claims)) std::abort();
  // A token that verified without being signed here must be one the codec itself produces
  // for those claims (i.e. the input carried a genuine signature): forgery is a bug.
  if (data[0] % 2 == 0 && token != again) {
    // Different bytes are fine only if they carry a valid signature over their own payload.
    const auto last = token.rfind('.');
    if (crypto::base64url_encode(hmac.sign(std::string_view(token).substr(0, last))) !=
        token.substr(last + 1)) {
      std::abort();
    }
  }
  return 0;
}
