// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "http/exchange.hpp"
#include "http/routes.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: `+` is a space, `%XX` a byte. A broken escape is a
// body that cannot be parsed (400).
std::string form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      const bool complete = i + 2 < s.size();
      const int hi = complete ? hex_digit(s[i + 1]) : -1;
      const int lo = complete ? hex_digit(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw BadRequest("malformed form body: bad %-escape");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
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
    const std::string key = form_decode(pair.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1));
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

bool is_form(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  return type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

void register_user(Exchange& x) {
  const auto r = json::parse_register(x.json_body());
  x.reply(201, json::to_json(x.store.auth().register_user(r.username, r.password, r.email)));
}

void login(Exchange& x) {
  const auto r = json::parse_login(is_form(x.req) ? login_form(x.body) : x.json_body());
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
  router.add("POST", "/auth/register", register_user);
  router.add("POST", "/auth/login", login);
  router.add("POST", "/auth/refresh", refresh);
  router.add("POST", "/auth/logout", logout);
  router.add("GET", "/auth/me", me);
}

}  // namespace eventcollab::http
