// SPDX-License-Identifier: MIT
#include "context.hpp"

#include <charconv>

#include <fmt/format.h>

namespace eventcollab::cli {

Config Context::config() const {
  if (db_given && db.empty()) {
    throw Error(Errc::invalid_argument,
                "--db must not be empty: name a file, or leave --db out for $DATABASE_URL, "
                ".env or ./eventcollab.db");
  }
  Config c = Config::from_env();
  if (db_given) c.database_url = db;
  c.access_mode = access == Access::read ? AccessMode::read_only : AccessMode::read_write;
  c.create_if_missing = access == Access::create;
  return c;
}

Store& Context::store() {
  if (!store_) store_.emplace(Store::open(config()));
  return *store_;
}

Principal Context::principal() {
  if (token.empty()) {
    throw Error(Errc::unauthenticated,
                "not logged in: pass --token or set EVENTCOLLAB_TOKEN (see `eventcollab login "
                "--help`)");
  }
  return store().auth().authenticate(token);
}

Timestamp parse_time_option(std::string_view option, std::string_view text) {
  try {
    return parse_rfc3339(text);
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("{}: {}", option, e.what()));
  }
}

std::int64_t parse_integer_argument(std::string_view name, std::string_view text, std::int64_t min,
                                    std::int64_t max) {
  std::int64_t value = 0;
  bool ok = !text.empty();
  for (char c : text) ok = ok && c >= '0' && c <= '9';  // no sign, space or base prefix
  if (ok) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    ok = ec == std::errc{} && end == text.data() + text.size() && value >= min && value <= max;
  }
  if (!ok) {
    // The value is quoted back only when it is short, printable ASCII: never a flood or
    // terminal control bytes.
    bool printable = text.size() <= 24;
    for (char c : text) printable = printable && c >= 0x20 && c < 0x7f;
    throw Error(Errc::invalid_argument,
                fmt::format("{} must be an integer from {} to {}{}", name, min, max,
                            printable ? fmt::format(" (got '{}')", text) : std::string()));
  }
  return value;
}

}  // namespace eventcollab::cli
