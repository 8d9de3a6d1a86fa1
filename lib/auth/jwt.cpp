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

// Reads the payload exactly as encode() writes it — nlohmann's dump with keys in sorted order:
// {"exp":N,"iat":N,"jti":"<base64url>","sid":N,"sub":"<digits>"}. The signature is already
// verified, so this is almost always what arrives; anything else (other order, spaces, escapes,
// extra keys) returns false and goes to the full JSON parser, which then decides alone. Only
// input the full parser reads to the same claims is accepted here, so nothing changes but the
// cost: the general parse was half of authenticate().
class OwnPayload {
 public:
  explicit OwnPayload(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool read(Claims& c) {
    return literal("{\"exp\":") && integer(c.expires_at) && literal(",\"iat\":") &&
           integer(c.issued_at) && literal(",\"jti\":\"") && token(c.token_id) &&
           literal("\",\"sid\":") && integer(c.session_id) && literal(",\"sub\":\"") &&
           integer(c.user_id) && literal("\"}") && p_ == end_;
  }

 private:
  bool literal(std::string_view s) {
    if (static_cast<std::size_t>(end_ - p_) < s.size() || std::string_view(p_, s.size()) != s) {
      return false;
    }
    p_ += s.size();
    return true;
  }
  // A JSON integer as the encoder writes it: optional '-', no leading zeros, fits int64.
  bool integer(std::int64_t& v) {
    const char* digits = p_ < end_ && *p_ == '-' ? p_ + 1 : p_;
    if (digits == end_ || *digits < '0' || *digits > '9') return false;
    if (*digits == '0' && digits + 1 < end_ && digits[1] >= '0' && digits[1] <= '9') return false;
    auto [next, ec] = std::from_chars(p_, end_, v);
    if (ec != std::errc{}) return false;
    p_ = next;
    return true;
  }
  // A string of base64url characters: nothing to unescape, nothing for UTF-8 checks to refuse.
  bool token(std::string& out) {
    const char* start = p_;
    while (p_ < end_ && is_base64url(*p_)) ++p_;
    out.assign(start, p_);
    return true;
  }

  // ASCII only, whatever the process locale says.
  static bool is_base64url(char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_';
  }

  const char* p_;
  const char* end_;
};

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
  if (Claims fast; OwnPayload(*payload_text).read(fast)) return fast;
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
