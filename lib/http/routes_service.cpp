// SPDX-License-Identifier: MIT
#include "http/exchange.hpp"
#include "http/routes.hpp"

namespace eventcollab::http {
namespace {

void health(Exchange& x) { x.reply(200, {{"status", "ok"}}); }

void openapi(Exchange& x) {
  x.res.status = 200;
  x.res.set_content(openapi_document(), "application/json");
}

}  // namespace

void add_service_routes(Router& router) {
  router.add("GET", "/health", health);
  router.add("GET", "/openapi.json", openapi);
}

}  // namespace eventcollab::http
