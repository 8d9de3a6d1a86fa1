// SPDX-License-Identifier: MIT
#include "crypto/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

#include "eventcollab/error.hpp"

namespace eventcollab::crypto {
namespace {

[[noreturn]] void fail(const char* what) {
  throw Error(Errc::internal, std::string("cryptography failure: ") + what);
}

constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kB64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(std::string_view data, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto u = [&](std::size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 2 < data.size(); i += 3) {
    const std::uint32_t v = (u(i) << 16) | (u(i + 1) << 8) | u(i + 2);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (const std::size_t rest = data.size() - i; rest > 0) {
    std::uint32_t v = u(i) << 16;
    if (rest == 2) v |= u(i + 1) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (rest == 2) out += alphabet[(v >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

// Reverse lookup (character -> 6-bit value, -1 for outside the alphabet), built at compile time:
// building it per call cost more than the decoding itself on every token check.
using DecodeTable = std::array<signed char, 256>;
constexpr DecodeTable make_decode_table(std::string_view alphabet) {
  DecodeTable value{};
  for (auto& v : value) v = -1;
  for (std::size_t k = 0; k < alphabet.size(); ++k) {
    value[static_cast<unsigned char>(alphabet[k])] = static_cast<signed char>(k);
  }
  return value;
}
constexpr DecodeTable kB64Value = make_decode_table(kB64);
constexpr DecodeTable kB64UrlValue = make_decode_table(kB64Url);

std::optional<std::string> decode(std::string_view text, const DecodeTable& value, bool pad) {
  if (pad) {
    if (text.size() % 4 != 0) return std::nullopt;
    if (text.ends_with("==")) {
      text.remove_suffix(2);
    } else if (text.ends_with("=")) {
      text.remove_suffix(1);
    }
  }
  if (text.size() % 4 == 1) return std::nullopt;
  // Exactly the decoded size for every accepted length; written by index, not appended.
  std::string out(text.size() * 3 / 4, '\0');
  std::size_t n = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = value[static_cast<unsigned char>(c)];  // -1 outside the alphabet
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, so every byte string has exactly one encoding.
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  out.resize(n);
  return out;
}

}  // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    fail("RAND_bytes");
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string sha256(std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
                 EVP_sha256(), nullptr) != 1) {
    fail("SHA-256");
  }
  return out;
}

std::string base64url_encode(std::string_view data) { return encode(data, kB64Url, false); }
std::optional<std::string> base64url_decode(std::string_view text) {
  return decode(text, kB64UrlValue, false);
}
std::string base64_encode(std::string_view data) { return encode(data, kB64, true); }
std::optional<std::string> base64_decode(std::string_view text) {
  return decode(text, kB64Value, true);
}

namespace {
thread_local std::uint64_t pbkdf2_iterations_total = 0;
}

std::uint64_t pbkdf2_iterations_run() noexcept { return pbkdf2_iterations_total; }

std::string pbkdf2_sha256(std::string_view password, std::string_view salt,
                          std::uint32_t iterations, std::size_t length) {
  pbkdf2_iterations_total += iterations;
  std::string out(length, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha256(),
                        static_cast<int>(length),
                        reinterpret_cast<unsigned char*>(out.data())) != 1) {
    fail("PBKDF2");
  }
  return out;
}

struct HmacSha256::State {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* keyed = nullptr;  // prototype, never used directly after init
  ~State() {
    EVP_MAC_CTX_free(keyed);
    EVP_MAC_free(mac);
  }
};

HmacSha256::HmacSha256(std::string_view key) : state_(std::make_unique<State>()) {
  state_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (state_->mac == nullptr) fail("EVP_MAC_fetch(HMAC)");
  state_->keyed = EVP_MAC_CTX_new(state_->mac);
  if (state_->keyed == nullptr) fail("EVP_MAC_CTX_new");
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_END};
  if (EVP_MAC_init(state_->keyed, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   params) != 1) {
    fail("EVP_MAC_init");
  }
}

HmacSha256::~HmacSha256() = default;

std::string HmacSha256::sign(std::string_view data) const {
  // The prototype is only read by dup, so concurrent callers need no lock.
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(state_->keyed);
  if (ctx == nullptr) fail("EVP_MAC_CTX_dup");
  std::string out(32, '\0');
  std::size_t len = 0;
  const bool ok =
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1 &&
      EVP_MAC_final(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, out.size()) == 1;
  EVP_MAC_CTX_free(ctx);
  if (!ok || len != 32) fail("HMAC-SHA256");
  return out;
}

}  // namespace eventcollab::crypto
