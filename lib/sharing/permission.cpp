// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "eventcollab/error.hpp"
#include "eventcollab/share.hpp"

namespace eventcollab {

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

Permission parse_share_permission(std::string_view text) {
  if (text == "read") return Permission::read;
  if (text == "write") return Permission::write;
  throw Error(Errc::invalid_argument, "permission must be 'read' or 'write'");
}

}  // namespace eventcollab
