// SPDX-License-Identifier: MIT
#include "eventcollab/error.hpp"

namespace eventcollab {

std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid_argument";
    case Errc::unauthenticated:
      return "unauthenticated";
    case Errc::forbidden:
      return "forbidden";
    case Errc::not_found:
      return "not_found";
    case Errc::conflict:
      return "conflict";
    case Errc::rate_limited:
      return "rate_limited";
    case Errc::gone:
      return "gone";
    case Errc::incompatible_database:
      return "incompatible_database";
    case Errc::storage:
      return "storage";
    case Errc::internal:
      return "internal";
  }
  return "unknown";
}

}  // namespace eventcollab
