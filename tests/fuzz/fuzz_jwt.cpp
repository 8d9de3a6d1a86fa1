// SPDX-License-Identifier: MIT
// JWT parsing and verification. The first byte picks a mode:
//   even: the rest is a token as a client would send it (must not verify unless genuine);
//   odd:  the rest is a payload, signed with the key, so the claim parser is reached.
// Whatever decodes must encode and decode back to the same claims.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>

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

// The claims as the general JSON reading of the payload gives them (what jwt.cpp's fallback
// does). The codec's fast path for its own layout must agree with it on every input.
std::optional<auth::Claims> reference(std::string_view payload_text) {
  const auto p = nlohmann::json::parse(payload_text, nullptr, /*allow_exceptions=*/false);
  if (!p.is_object()) return std::nullopt;
  auth::Claims c;
  const auto sub = p.find("sub");
  if (sub == p.end() || !sub->is_string()) return std::nullopt;
  const auto& text = sub->get_ref<const std::string&>();
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), c.user_id);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  for (auto [name, field] : {std::pair{"sid", &c.session_id}, std::pair{"iat", &c.issued_at},
                             std::pair{"exp", &c.expires_at}}) {
    const auto it = p.find(name);
    if (it == p.end() || !it->is_number_integer()) return std::nullopt;
    *field = it->get<std::int64_t>();
  }
  const auto jti = p.find("jti");
  if (jti == p.end() || !jti->is_string()) return std::nullopt;
  c.token_id = jti->get<std::string>();
  return c;
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
  bool accepted = true;
  try {
    claims = codec.decode(token);
  } catch (const Error& e) {
    if (e.code() != Errc::unauthenticated) std::abort();
    accepted = false;
  }
  // Signed here, and within the size limit: only the payload decides, as in the reference.
  if (data[0] % 2 == 1 && token.size() <= 4096) {
    const auto expected = reference(rest);
    if (expected.has_value() != accepted) std::abort();
    if (accepted && !same(*expected, claims)) std::abort();
  }
  if (!accepted) return 0;
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
