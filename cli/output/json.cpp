// SPDX-License-Identifier: MIT
#include "output/json.hpp"

#include <fmt/format.h>

namespace eventcollab::cli {

void print_json(const nlohmann::json& doc) {
  // The library only stores valid UTF-8; `replace` keeps a stray byte from aborting output.
  fmt::print("{}\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace eventcollab::cli
