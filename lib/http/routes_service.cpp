// SPDX-License-Identifier: MIT
#include "http/exchange.hpp"
#include "http/routes.hpp"

namespace eventcollab::http {
namespace {

// Up means the store can be read: one cheap read through the connection pool.
void health(Exchange& x) {
  try {
    x.store.schema_status();
  } catch (const Error&) {
    x.res.set_header("Retry-After", "1");
    x.reply(503, {{"status", "unavailable"}});
    return;
  }
  x.reply(200, {{"status", "ok"}});
}

void openapi(Exchange& x) { x.reply_json_text(200, openapi_document()); }

}  // namespace

void add_service_routes(Router& router) {
  router.add("GET", "/health", health, "health", Cost::quick);
  router.add("GET", "/openapi.json", openapi, "openapi", Cost::quick);
}

void add_routes(Router& router) {
  add_auth_routes(router);
  add_event_routes(router);
  add_sharing_routes(router);
  add_history_routes(router);
  add_calendar_routes(router);
  add_change_routes(router);
  add_service_routes(router);
}

}  // namespace eventcollab::http
