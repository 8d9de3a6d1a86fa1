// SPDX-License-Identifier: MIT
#include "http/query_params.hpp"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace eventcollab::http {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw Error(Errc::invalid_argument, message);
}

bool parse_int(std::string_view s, std::int64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

std::int64_t int_query(const Exchange& x, const char* name, std::int64_t fallback) {
  const auto text = x.query(name);
  if (!text) return fallback;
  std::int64_t v = 0;
  if (!parse_int(*text, v)) invalid(fmt::format("{} must be an integer", name));
  return v;
}

std::optional<Timestamp> time_query(const Exchange& x, const char* name) {
  auto text = x.query(name);
  if (!text) return std::nullopt;
  // An unescaped `+02:00` in a URL arrives as " 02:00" (`+` means space in a query); read it
  // as the offset it was meant to be rather than failing on a shell user's typo.
  const auto n = text->size();
  if (n >= 6 && (*text)[n - 6] == ' ' && (*text)[n - 3] == ':') (*text)[n - 6] = '+';
  try {
    return parse_rfc3339(*text);
  } catch (const Error& e) {
    invalid(fmt::format("{}: {}", name, e.what()));
  }
}

TimeWindow window_query(const Exchange& x) {
  const auto from = time_query(x, "from");
  if (!from) invalid("from is required");
  const auto to = time_query(x, "to");
  if (!to) invalid("to is required");
  return {*from, *to};
}

}  // namespace eventcollab::http
