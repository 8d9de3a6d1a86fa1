// SPDX-License-Identifier: MIT
#include "http/exchange.hpp"

#include <fmt/format.h>

#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Principal Exchange::authenticate() const {
  if (!req.has_header("Authorization")) throw Error(Errc::unauthenticated, "not authenticated");
  const std::string header = req.get_header_value("Authorization");
  std::string_view value = header;
  const auto space = value.find(' ');
  if (space == std::string_view::npos || !iequals(value.substr(0, space), "Bearer")) {
    throw Error(Errc::unauthenticated, "the Authorization header must be 'Bearer <token>'");
  }
  std::string_view token = value.substr(space + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) throw Error(Errc::unauthenticated, "not authenticated");
  return store.auth().authenticate(token);
}

nlohmann::json Exchange::json_body() const {
  if (body.empty()) throw BadRequest("a JSON body is required");
  try {
    return json::parse_body(body, "JSON body");
  } catch (const json::SyntaxError& e) {
    throw BadRequest(e.what());  // a duplicate key, too deep, or not JSON: never echoes the body
  }
}

std::optional<std::string> Exchange::query(const char* name) const {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

void Exchange::reply(int status, const nlohmann::json& response_body) {
  res.status = status;
  res.set_content(dump(response_body), "application/json");
}

void Exchange::reply_event(int status, const Event& e) {
  res.set_header("ETag", fmt::format("\"{}\"", e.version));
  reply(status, json::to_json(e));
}

void Exchange::no_content() {
  res.status = 204;
  res.body.clear();
}

void require_access(Store& store, const Principal& who, EventId id, Permission needed) {
  store.events().require(who, id, needed);  // the library's one permission rule
}

}  // namespace eventcollab::http
