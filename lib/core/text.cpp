// SPDX-License-Identifier: MIT
#include "core/text.hpp"

#include <locale.h>
#include <wctype.h>

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab::text {
namespace {

// glibc's built-in C.UTF-8 carries the full Unicode case tables; opened once, never freed.
locale_t utf8_locale() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when it is not well formed.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const std::size_t left = s.size() - i;
  const unsigned char c = b(0);
  const auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    cp = static_cast<char32_t>(((c & 0x1F) << 6) | (b(1) & 0x3F));
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    cp = static_cast<char32_t>(((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F));
    return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    cp = static_cast<char32_t>(((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) |
                               (b(3) & 0x3F));
    return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0;
  }
  return 0;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void fold_into(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  const locale_t loc = utf8_locale();
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {  // ASCII, the common case, without a table lookup
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode(s, i, cp);
    if (n == 0) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // lower(upper(c)) also joins forms that lower() alone leaves apart: final sigma, long s,
    // the micro sign.
    const auto w = static_cast<wint_t>(cp);
    encode(static_cast<char32_t>(towlower_l(towupper_l(w, loc), loc)), out);
    i += n;
  }
}

}  // namespace

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

void fold_case_into(std::string_view text, std::string& out) { fold_into(text, out); }

std::string fold_case(std::string_view text) {
  std::string out;
  fold_into(text, out);
  return out;
}

bool case_folding_available() noexcept { return utf8_locale() != static_cast<locale_t>(0); }

bool contains_folded(std::string_view folded_needle, std::string_view text) {
  thread_local std::string hay;
  fold_into(text, hay);
  return hay.find(folded_needle) != std::string::npos;
}

}  // namespace eventcollab::text
