// SPDX-License-Identifier: MIT
// Builds JWTs the way an attacker would, with OpenSSL directly, so that the forgery tests do
// not lean on the library's own encoder.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace eventcollab::test::jwt {

inline std::string b64url(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  const auto u = [&](std::size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 2 < data.size(); i += 3) {
    const unsigned v = (u(i) << 16) | (u(i + 1) << 8) | u(i + 2);
    for (int s : {18, 12, 6, 0}) out += kAlphabet[(v >> s) & 63];
  }
  if (const std::size_t rest = data.size() - i; rest > 0) {
    unsigned v = u(i) << 16;
    if (rest == 2) v |= u(i + 1) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

inline std::string b64url_decode(std::string_view text) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v < 0) throw std::invalid_argument("not base64url");
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

inline std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // An empty key must still be a valid pointer for OpenSSL.
  static const unsigned char kEmpty = 0;
  const void* k = key.empty() ? static_cast<const void*>(&kEmpty) : key.data();
  if (HMAC(EVP_sha256(), k, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &len) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

/// header.payload.signature with an HS256 signature made with `key`.
inline std::string sign_hs256(std::string_view header_json, std::string_view payload_json,
                              std::string_view key) {
  std::string head = b64url(header_json) + "." + b64url(payload_json);
  return head + "." + b64url(hmac_sha256(key, head));
}

/// An unsigned token (`alg: none`) with the given trailing signature text.
inline std::string unsigned_token(std::string_view payload_json, std::string_view sig = "") {
  return b64url(R"({"alg":"none","typ":"JWT"})") + "." + b64url(payload_json) + "." +
         std::string(sig);
}

/// A genuine RS256 token signed with a fresh RSA key (the server has none; this is the other
/// half of the algorithm-confusion attack).
inline std::string sign_rs256(std::string_view payload_json) {
  EVP_PKEY* pkey = EVP_RSA_gen(1024);
  if (pkey == nullptr) throw std::runtime_error("RSA keygen failed");
  const std::string head = b64url(R"({"alg":"RS256","typ":"JWT"})") + "." + b64url(payload_json);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  std::string sig;
  if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
      EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(head.data()),
                     head.size()) == 1) {
    sig.resize(len);
    if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(head.data()), head.size()) != 1) {
      sig.clear();
    }
    sig.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  if (sig.empty()) throw std::runtime_error("RSA sign failed");
  return head + "." + b64url(sig);
}

/// The three dot-separated parts of a token.
struct Parts {
  std::string header, payload, signature;
};
inline Parts split(std::string_view token) {
  const auto a = token.find('.');
  const auto b = token.rfind('.');
  return {std::string(token.substr(0, a)), std::string(token.substr(a + 1, b - a - 1)),
          std::string(token.substr(b + 1))};
}

}  // namespace eventcollab::test::jwt
