// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace eventcollab::crypto {

/// `n` bytes from the OS CSPRNG (OpenSSL RAND_bytes). Throws Error: internal on failure.
std::string random_bytes(std::size_t n);

/// Compares in time that depends only on the lengths, never on where bytes differ.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

/// SHA-256 digest (32 raw bytes).
std::string sha256(std::string_view data);

/// Base64url without padding (RFC 7515 §2).
std::string base64url_encode(std::string_view data);
/// Strict decode: rejects padding, non-alphabet characters and non-canonical trailing bits.
std::optional<std::string> base64url_decode(std::string_view text);

/// Standard base64 with padding, for the password-hash string.
std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

/// PBKDF2-HMAC-SHA256 of `password` with `salt`, `iterations`, `length` bytes of output.
std::string pbkdf2_sha256(std::string_view password, std::string_view salt,
                          std::uint32_t iterations, std::size_t length);

/// PBKDF2 iterations this thread has run so far: lets tests show that two paths do the same
/// work (equal cost, hence equal time) without timing anything.
std::uint64_t pbkdf2_iterations_run() noexcept;

/// HMAC-SHA256 with a fixed key. Keeps one keyed OpenSSL context and duplicates it per call:
/// OpenSSL 3's one-shot HMAC() fetches the algorithm every time and is ~4x slower. Safe to
/// use from many threads.
class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key);
  ~HmacSha256();
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  /// 32 raw bytes.
  std::string sign(std::string_view data) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace eventcollab::crypto
