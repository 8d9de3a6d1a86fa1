// SPDX-License-Identifier: MIT
// Each routes_*.cpp adds its part of the API to the table, each route naming its OpenAPI
// operation. A handler authenticates, decodes with lib/json, makes one Store call, encodes
// and sets the status; errors are thrown and mapped in one place (server.cpp's handler,
// error_mapping.cpp's table).
#pragma once

#include "http/router.hpp"

namespace eventcollab::http {

void add_auth_routes(Router& router);
void add_event_routes(Router& router);
void add_sharing_routes(Router& router);
void add_history_routes(Router& router);
void add_calendar_routes(Router& router);
void add_change_routes(Router& router);
void add_service_routes(Router& router);

/// All of the above: the server's table.
void add_routes(Router& router);

/// The OpenAPI 3 document describing every route of add_routes(), serialised once.
const std::string& openapi_document();

}  // namespace eventcollab::http
