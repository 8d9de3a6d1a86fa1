// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "http/exchange.hpp"
#include "http/routes.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

std::string form_field(std::string_view s) {
  auto decoded = form_decode(s);
  // A broken escape is a body that cannot be parsed (400).
  if (!decoded) throw BadRequest("malformed form body: bad %-escape");
  return std::move(*decoded);
}

// The OAuth2 password flow form (RFC 6749 §4.3.2) as the JSON object parse_login takes. The
// flow's other fields are accepted and ignored; any other field is unknown (422), as in JSON.
nlohmann::json login_form(std::string_view body) {
  nlohmann::json fields = nlohmann::json::object();
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = form_field(pair.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string() : form_field(pair.substr(eq + 1));
    if (key == "grant_type" || key == "scope" || key == "client_id" || key == "client_secret") {
      continue;
    }
    if (fields.contains(key)) {
      throw Error(Errc::invalid_argument, fmt::format("form field '{}' is given twice", key));
    }
    fields[key] = value;
  }
  return fields;
}

void register_user(Exchange& x) {
  const auto r = json::parse_register(x.json_body());
  x.reply(201, json::to_json(x.store.auth().register_user(r.username, r.password, r.email)));
}

void login(Exchange& x) {
  // The password flow's form, or JSON (json_body() refuses any other media type with 415).
  const bool form = !x.body.empty() && x.body_type() == "application/x-www-form-urlencoded";
  const auto r = json::parse_login(form ? login_form(x.body) : x.json_body());
  x.reply(200, json::to_json(x.store.auth().login(r.username, r.password)));
}

void refresh(Exchange& x) {
  const std::string token = json::parse_refresh(x.json_body());
  x.reply(200, json::to_json(x.store.auth().refresh(token)));
}

void logout(Exchange& x) {
  x.store.auth().logout(x.authenticate());
  x.no_content();
}

void me(Exchange& x) {
  const Principal who = x.authenticate();
  x.reply(200, json::to_json(x.store.auth().me(who)));
}

}  // namespace

void add_auth_routes(Router& router) {
  router.add("POST", "/auth/register", register_user, "register");
  router.add("POST", "/auth/login", login, "login");
  router.add("POST", "/auth/refresh", refresh, "refresh");
  router.add("POST", "/auth/logout", logout, "logout");
  router.add("GET", "/auth/me", me, "me", Cost::quick);
}

}  // namespace eventcollab::http
