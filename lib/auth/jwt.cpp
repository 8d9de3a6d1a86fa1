// SPDX-License-Identifier: MIT
#include "auth/jwt.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "eventcollab/error.hpp"

namespace eventcollab::auth {
namespace {

// base64url of {"alg":"HS256","typ":"JWT"}.
constexpr std::string_view kHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
constexpr std::size_t kMaxTokenBytes = 4096;

[[noreturn]] void reject() {
  // One message for every cause: which check failed is no business of the caller.
  throw Error(Errc::unauthenticated, "invalid or expired token");
}

std::int64_t int_claim(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_number_integer()) reject();
  return it->get<std::int64_t>();
}

}  // namespace

std::string JwtCodec::encode(const Claims& c) const {
  const nlohmann::json payload = {{"sub", std::to_string(c.user_id)},
                                  {"sid", c.session_id},
                                  {"iat", c.issued_at},
                                  {"exp", c.expires_at},
                                  {"jti", c.token_id}};
  std::string token(kHeader);
  token += '.';
  token += crypto::base64url_encode(payload.dump());
  const std::string signature = hmac_.sign(token);
  token += '.';
  token += crypto::base64url_encode(signature);
  return token;
}

Claims JwtCodec::decode(std::string_view token) const {
  if (token.size() > kMaxTokenBytes) reject();
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  if (first == std::string_view::npos || first == last) reject();
  if (token.substr(0, first) != kHeader) reject();  // algorithm pinned

  const std::string_view signed_part = token.substr(0, last);
  const std::string expected = crypto::base64url_encode(hmac_.sign(signed_part));
  if (!crypto::constant_time_equal(expected, token.substr(last + 1))) reject();

  const auto payload_text = crypto::base64url_decode(token.substr(first + 1, last - first - 1));
  if (!payload_text) reject();
  const auto payload = nlohmann::json::parse(*payload_text, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) reject();

  Claims c;
  const auto sub = payload.find("sub");
  if (sub == payload.end() || !sub->is_string()) reject();
  const auto& sub_text = sub->get_ref<const std::string&>();
  auto [end, ec] = std::from_chars(sub_text.data(), sub_text.data() + sub_text.size(), c.user_id);
  if (ec != std::errc{} || end != sub_text.data() + sub_text.size()) reject();
  c.session_id = int_claim(payload, "sid");
  c.issued_at = int_claim(payload, "iat");
  c.expires_at = int_claim(payload, "exp");
  const auto jti = payload.find("jti");
  if (jti == payload.end() || !jti->is_string()) reject();
  c.token_id = jti->get<std::string>();
  return c;
}

}  // namespace eventcollab::auth
