// SPDX-License-Identifier: MIT
#include "auth/credentials.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab::auth {

bool is_valid_username(std::string_view name) noexcept {
  if (name.size() < 3 || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void validate_registration(std::string_view username, std::string_view password,
                           std::optional<std::string_view> email) {
  if (!is_valid_username(username)) {
    throw Error(Errc::invalid_argument,
                "username must be 3 to 64 characters of ASCII letters, digits, '_', '.' or '-'");
  }
  if (password.size() < kMinPassword || password.size() > kMaxPassword) {
    throw Error(Errc::invalid_argument,
                fmt::format("password must be {} to {} bytes", kMinPassword, kMaxPassword));
  }
  if (email) {
    text::check_text("email", *email, 3, 254);
    const auto at = email->find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == email->size() ||
        email->find('@', at + 1) != std::string_view::npos) {
      throw Error(Errc::invalid_argument, "email must contain one '@' with text on both sides");
    }
    for (char c : *email) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
        throw Error(Errc::invalid_argument, "email must not contain spaces or control characters");
      }
    }
  }
}

std::string username_key(std::string_view name) {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

}  // namespace eventcollab::auth
