// SPDX-License-Identifier: MIT
#include "http/exchange.hpp"
#include "http/routes.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

void list_versions(Exchange& x) {
  const Principal who = x.authenticate();
  x.reply(200, json::to_json(x.store.history().list(who, x.id())));
}

void get_version(Exchange& x) {
  const Principal who = x.authenticate();
  x.reply(200, json::to_json(x.store.history().get(who, x.id(0), x.id(1))));
}

void diff(Exchange& x) {
  const Principal who = x.authenticate();
  x.reply(200, json::to_json(x.store.history().diff(who, x.id(0), x.id(1), x.id(2))));
}

void changelog(Exchange& x) {
  const Principal who = x.authenticate();
  x.reply(200, json::to_json(x.store.history().changelog(who, x.id())));
}

void rollback(Exchange& x) {
  const Principal who = x.authenticate();
  std::optional<std::int64_t> expected;
  auto decode = [&] { return expected = if_match(x.req); };  // after the library's access check
  try {
    x.reply_event(200, x.store.history().rollback(who, x.id(0), x.id(1), decode));
  } catch (const Error& e) {
    if (e.code() != Errc::conflict || !expected) throw;
    x.reply_error(412, e);  // a failed If-Match, as for PUT /events/{id}
  }
}

}  // namespace

void add_history_routes(Router& router) {
  router.add("GET", "/events/{id}/versions", list_versions, "listVersions");
  router.add("GET", "/events/{id}/versions/{n}", get_version, "getVersion", Cost::quick);
  router.add("GET", "/events/{id}/diff/{a}/{b}", diff, "diffVersions", Cost::quick);
  router.add("GET", "/events/{id}/changelog", changelog, "changelog");
  router.add("POST", "/events/{id}/rollback/{n}", rollback, "rollback");
}

}  // namespace eventcollab::http
