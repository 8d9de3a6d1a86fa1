// SPDX-License-Identifier: MIT
#include "storage/sqlite/text_fold.hpp"

#include <locale.h>
#include <sqlite3.h>
#include <wctype.h>

#include <cstdint>
#include <new>

#include "eventcollab/error.hpp"
#include "storage/sqlite/sqlite_error.hpp"

namespace eventcollab::storage {
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

std::string_view text_of(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v)))
           : std::string_view();
}

void destroy_string(void* p) { delete static_cast<std::string*>(p); }

void contains_folded(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc < 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  // The needle is one bound parameter per statement: fold it once and hand it to SQLite as
  // auxdata at the end of the call (SQLite may free it at once, so it is not used after).
  const auto* needle = static_cast<const std::string*>(sqlite3_get_auxdata(ctx, 0));
  std::string* fresh = nullptr;
  if (needle == nullptr) {
    fresh = new (std::nothrow) std::string();
    if (fresh == nullptr) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    fold_into(text_of(argv[0]), *fresh);
    needle = fresh;
  }
  thread_local std::string hay;
  int found = 0;
  for (int i = 1; i < argc && found == 0; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
    fold_into(text_of(argv[i]), hay);
    found = hay.find(*needle) != std::string::npos ? 1 : 0;
  }
  sqlite3_result_int(ctx, found);
  if (fresh != nullptr) sqlite3_set_auxdata(ctx, 0, fresh, destroy_string);
}

}  // namespace

std::string fold_case(std::string_view text) {
  std::string out;
  fold_into(text, out);
  return out;
}

void register_text_functions(sqlite3* db) {
  if (utf8_locale() == static_cast<locale_t>(0)) {
    throw Error(Errc::storage, "the C.UTF-8 locale is missing (it ships with libc-bin)");
  }
  const int rc = sqlite3_create_function_v2(db, "ec_contains_folded", -1,
                                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                            nullptr, contains_folded, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db, rc, "registering ec_contains_folded");
}

}  // namespace eventcollab::storage
