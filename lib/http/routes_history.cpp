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
  x.reply_event(200, x.store.history().rollback(who, x.id(0), x.id(1)));
}

}  // namespace

void add_history_routes(Router& router) {
  router.add("GET", "/events/{id}/versions", list_versions);
  router.add("GET", "/events/{id}/versions/{n}", get_version);
  router.add("GET", "/events/{id}/diff/{a}/{b}", diff);
  router.add("GET", "/events/{id}/changelog", changelog);
  router.add("POST", "/events/{id}/rollback/{n}", rollback);
}

}  // namespace eventcollab::http
