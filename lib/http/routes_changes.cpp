// SPDX-License-Identifier: MIT
// The change feed: what changed since a cursor, for whoever may see it.
#include "http/exchange.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

void list_changes(Exchange& x) {
  const Principal who = x.authenticate();
  const std::int64_t limit = int_query(x, "limit", 100);
  const std::string since = x.query("since").value_or("");
  x.reply(200, json::to_json(x.store.changes().since(who, since, limit)));
}

}  // namespace

void add_change_routes(Router& router) {
  router.add("GET", "/changes", list_changes, "listChanges");
}

}  // namespace eventcollab::http
