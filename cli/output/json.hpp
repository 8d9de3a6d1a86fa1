// SPDX-License-Identifier: MIT
#pragma once

#include "json/calendar_shapes.hpp"
#include "json/shapes.hpp"

namespace eventcollab::cli {

/// Prints one JSON document (a docs/REST.md shape from lib/json) on stdout.
void print_json(const nlohmann::json& doc);

}  // namespace eventcollab::cli
