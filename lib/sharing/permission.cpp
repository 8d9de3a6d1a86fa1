// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "eventcollab/error.hpp"
#include "eventcollab/share.hpp"

namespace eventcollab {
namespace {

// The value as a message may show it: at most 40 bytes, control bytes escaped.
std::string shown(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < 40; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02x}", c) : std::string(1, text[i]);
  }
  return text.size() > 40 ? out + "..." : out;
}

}  // namespace

std::string_view to_string(Permission p) noexcept {
  switch (p) {
    case Permission::read:
      return "read";
    case Permission::write:
      return "write";
    case Permission::owner:
      return "owner";
  }
  return "read";
}

Permission parse_permission(std::string_view text) {
  for (Permission p : {Permission::read, Permission::write, Permission::owner}) {
    if (text == to_string(p)) return p;
  }
  throw Error(Errc::invalid_argument,
              fmt::format("permission must be 'read' or 'write' (got '{}')", shown(text)));
}

Permission parse_share_permission(std::string_view text) {
  const Permission p = parse_permission(text);
  if (p == Permission::owner) {
    throw Error(Errc::invalid_argument, "permission must be 'read' or 'write' (got 'owner')");
  }
  return p;
}

}  // namespace eventcollab
