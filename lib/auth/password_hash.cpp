// SPDX-License-Identifier: MIT
#include "auth/password_hash.hpp"

#include <charconv>

#include <fmt/format.h>

#include "crypto/crypto.hpp"

namespace eventcollab::auth {
namespace {

constexpr std::string_view kPrefix = "$pbkdf2-sha256$i=";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

struct Parsed {
  std::uint32_t iterations;
  std::string salt;
  std::string hash;
};

std::optional<Parsed> parse(std::string_view stored) {
  if (!stored.starts_with(kPrefix)) return std::nullopt;
  stored.remove_prefix(kPrefix.size());
  const auto d1 = stored.find('$');
  if (d1 == std::string_view::npos) return std::nullopt;
  const auto d2 = stored.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return std::nullopt;
  Parsed p{};
  auto [end, ec] = std::from_chars(stored.data(), stored.data() + d1, p.iterations);
  if (ec != std::errc{} || end != stored.data() + d1 || p.iterations == 0) return std::nullopt;
  auto salt = crypto::base64_decode(stored.substr(d1 + 1, d2 - d1 - 1));
  auto hash = crypto::base64_decode(stored.substr(d2 + 1));
  if (!salt || !hash || salt->empty() || hash->size() != kHashBytes) return std::nullopt;
  p.salt = std::move(*salt);
  p.hash = std::move(*hash);
  return p;
}

}  // namespace

std::string hash_password(std::string_view password, std::uint32_t iterations) {
  const std::string salt = crypto::random_bytes(kSaltBytes);
  const std::string hash = crypto::pbkdf2_sha256(password, salt, iterations, kHashBytes);
  return fmt::format("{}{}${}${}", kPrefix, iterations, crypto::base64_encode(salt),
                     crypto::base64_encode(hash));
}

PasswordCheck verify_password(std::string_view password, std::string_view stored,
                              std::uint32_t configured_iterations) {
  const auto p = parse(stored);
  if (!p) {
    verify_dummy(password, configured_iterations);
    return {};
  }
  const std::string hash = crypto::pbkdf2_sha256(password, p->salt, p->iterations, kHashBytes);
  PasswordCheck result;
  result.ok = crypto::constant_time_equal(hash, p->hash);
  // Either way the next login uses the configured cost: a weaker hash is strengthened, and a
  // stronger one (the cost was lowered) comes down, so that over time every user's failed
  // login costs what an unknown name's does.
  result.needs_rehash = result.ok && p->iterations != configured_iterations;
  if (!result.ok && p->iterations < configured_iterations) {
    verify_dummy(password, configured_iterations - p->iterations);
  }
  return result;
}

void verify_dummy(std::string_view password, std::uint32_t iterations) {
  static const std::string kSalt(kSaltBytes, '\x5a');
  (void)crypto::pbkdf2_sha256(password, kSalt, iterations, kHashBytes);
}

}  // namespace eventcollab::auth
