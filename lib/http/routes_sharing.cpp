// SPDX-License-Identifier: MIT
#include "http/exchange.hpp"
#include "http/routes.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

void share(Exchange& x) {
  const Principal who = x.authenticate();
  const nlohmann::json body = x.json_body();
  const ShareResult result = x.store.sharing().share(who, x.id(), [&] {
    auto r = json::parse_share(body);
    return ShareGrant{std::move(r.user), r.permission};
  });
  x.reply(result.created ? 201 : 200, json::to_json(result.share));
}

void list_permissions(Exchange& x) {
  const Principal who = x.authenticate();
  x.reply(200, json::to_json(x.store.sharing().list(who, x.id())));
}

void set_permission(Exchange& x) {
  const Principal who = x.authenticate();
  const nlohmann::json body = x.json_body();
  x.reply(200, json::to_json(x.store.sharing().set_permission(
                   who, x.id(0), x.id(1), [&] { return json::parse_permission(body); })));
}

void revoke(Exchange& x) {
  const Principal who = x.authenticate();
  x.store.sharing().revoke(who, x.id(0), x.id(1));
  x.no_content();
}

}  // namespace

void add_sharing_routes(Router& router) {
  router.add("POST", "/events/{id}/share", share, "shareEvent");
  router.add("GET", "/events/{id}/permissions", list_permissions, "listPermissions");
  router.add("PUT", "/events/{id}/permissions/{user_id}", set_permission, "setPermission");
  router.add("DELETE", "/events/{id}/permissions/{user_id}", revoke, "revokePermission");
}

}  // namespace eventcollab::http
