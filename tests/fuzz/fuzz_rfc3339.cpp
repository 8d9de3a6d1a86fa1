// SPDX-License-Identifier: MIT
// parse_rfc3339 on arbitrary bytes: it either throws invalid_argument or returns an instant in
// years 0001-9999 that formats and parses back to itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "eventcollab/error.hpp"
#include "eventcollab/time.hpp"

using namespace eventcollab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Timestamp t;
  try {
    t = parse_rfc3339(text);
  } catch (const Error& e) {
    if (e.code() != Errc::invalid_argument) std::abort();
    return 0;
  }
  const std::string formatted = format_rfc3339(t);
  if (formatted.size() != 20 || formatted.back() != 'Z') std::abort();
  if (parse_rfc3339(formatted) != t) std::abort();
  return 0;
}
