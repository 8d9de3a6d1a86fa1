// SPDX-License-Identifier: MIT
#include "core/text.hpp"

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab::text {

std::optional<std::size_t> utf8_length(std::string_view s) noexcept {
  std::size_t count = 0;
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned char c = byte(i);
    std::size_t n = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      ++i;
      ++count;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + n >= s.size()) return std::nullopt;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    i += n + 1;
    ++count;
  }
  return count;
}

void check_text(std::string_view field, std::string_view value, std::size_t min, std::size_t max) {
  const auto length = utf8_length(value);
  if (!length) throw Error(Errc::invalid_argument, fmt::format("{} is not valid UTF-8", field));
  if (value.find('\0') != std::string_view::npos) {
    throw Error(Errc::invalid_argument, fmt::format("{} must not contain NUL characters", field));
  }
  if (*length < min || *length > max) {
    throw Error(
        Errc::invalid_argument,
        min == 0
            ? fmt::format("{} must be at most {} characters (got {})", field, max, *length)
            : fmt::format("{} must be {} to {} characters (got {})", field, min, max, *length));
  }
}

}  // namespace eventcollab::text
