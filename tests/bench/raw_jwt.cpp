// SPDX-License-Identifier: MIT
#include "raw_jwt.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include <array>
#include <charconv>
#include <stdexcept>

namespace eventcollab::bench {

namespace {

constexpr std::string_view kJwtHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

constexpr std::array<signed char, 256> kB64UrlValue = [] {
  std::array<signed char, 256> v{};
  v.fill(-1);
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    v[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
  }
  return v;
}();

// Decodes unpadded base64url into `out`; false on a bad character or length.
bool b64url_decode(std::string_view in, std::string& out) {
  if (in.size() % 4 == 1) return false;
  out.clear();
  std::uint32_t acc = 0;
  int bits = 0;
  for (char ch : in) {
    const int v = kB64UrlValue[static_cast<unsigned char>(ch)];
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return true;
}

// Finds `"name":` and parses the integer after it (optionally quoted, as "sub" is).
bool int_claim(std::string_view json, std::string_view key, std::int64_t& value) {
  const auto at = json.find(key);
  if (at == std::string_view::npos) return false;
  const char* p = json.data() + at + key.size();
  const char* end = json.data() + json.size();
  if (p < end && *p == '"') ++p;
  return std::from_chars(p, end, value).ec == std::errc{};
}

}  // namespace

RawJwt::RawJwt(std::string_view key) {
  mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  ctx_ = mac_ ? EVP_MAC_CTX_new(mac_) : nullptr;
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_END};
  if (ctx_ == nullptr || EVP_MAC_init(ctx_, reinterpret_cast<const unsigned char*>(key.data()),
                                      key.size(), params) != 1) {
    throw std::runtime_error("HMAC setup failed");
  }
}

RawJwt::~RawJwt() {
  EVP_MAC_CTX_free(ctx_);
  EVP_MAC_free(mac_);
}

std::optional<RawJwt::Claims> RawJwt::verify(std::string_view token) {
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  if (token.substr(0, first) != kJwtHeader) return std::nullopt;
  const std::string_view signed_part = token.substr(0, last);

  // A NULL key re-initialises the context with the key it already holds.
  unsigned char mac[32];
  std::size_t len = 0;
  if (EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(signed_part.data()),
                     signed_part.size()) != 1 ||
      EVP_MAC_final(ctx_, mac, &len, sizeof mac) != 1) {
    return std::nullopt;
  }
  thread_local std::string buffer;
  if (!b64url_decode(token.substr(last + 1), buffer) || buffer.size() != 32 ||
      CRYPTO_memcmp(buffer.data(), mac, 32) != 0) {
    return std::nullopt;
  }
  if (!b64url_decode(token.substr(first + 1, last - first - 1), buffer)) return std::nullopt;
  Claims c;
  if (!int_claim(buffer, "\"sub\":", c.sub) || !int_claim(buffer, "\"sid\":", c.sid) ||
      !int_claim(buffer, "\"exp\":", c.exp)) {
    return std::nullopt;
  }
  return c;
}

}  // namespace eventcollab::bench
