// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eventcollab::auth {

inline constexpr std::size_t kMinPassword = 8;
inline constexpr std::size_t kMaxPassword = 1024;

/// 3–64 ASCII letters, digits, `_ . -`.
bool is_valid_username(std::string_view name) noexcept;

/// Throws Error: invalid_argument naming what is wrong with the username, password or email.
void validate_registration(std::string_view username, std::string_view password,
                           std::optional<std::string_view> email);

/// The key usernames are compared by (ASCII lower case).
std::string username_key(std::string_view name);

}  // namespace eventcollab::auth
