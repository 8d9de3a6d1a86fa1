// SPDX-License-Identifier: MIT
// parse_database_url on arbitrary bytes: a path or invalid_argument, nothing else.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "eventcollab/config.hpp"
#include "eventcollab/error.hpp"

using namespace eventcollab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view url(reinterpret_cast<const char*>(data), size);
  try {
    const auto path = parse_database_url(url);
    if (path.empty()) std::abort();  // "names no file" must have been refused
    if (path.native().find('\0') != std::string::npos) std::abort();
  } catch (const Error& e) {
    if (e.code() != Errc::invalid_argument) std::abort();
  }
  return 0;
}
