// SPDX-License-Identifier: MIT
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace eventcollab::bench {

/// The floor of authenticate's token check: HS256 verification with one keyed EVP_MAC_CTX
/// re-initialised per token (no algorithm fetch, no context copy), a strict signature compare
/// and a minimal claim scan.
class RawJwt {
 public:
  explicit RawJwt(std::string_view key);
  ~RawJwt();
  RawJwt(const RawJwt&) = delete;
  RawJwt& operator=(const RawJwt&) = delete;

  struct Claims {
    std::int64_t sub = 0, sid = 0, exp = 0;
  };
  /// nullopt unless header, signature and claims are all as issued.
  std::optional<Claims> verify(std::string_view token);

 private:
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
};

}  // namespace eventcollab::bench
