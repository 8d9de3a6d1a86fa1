// SPDX-License-Identifier: MIT
#include "http/exchange.hpp"

#include <charconv>

#include <fmt/format.h>

#include "http/error_mapping.hpp"
#include "json/event_text.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

std::string dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

}  // namespace

Principal Exchange::authenticate() const {
  const std::string* header = req.header("Authorization");
  if (header == nullptr) throw Error(Errc::unauthenticated, "not authenticated");
  std::string_view value = *header;
  const auto space = value.find(' ');
  if (space == std::string_view::npos || !iequals(value.substr(0, space), "Bearer")) {
    throw Error(Errc::unauthenticated, "the Authorization header must be 'Bearer <token>'");
  }
  const std::string_view token = trim(value.substr(space + 1));
  if (token.empty()) throw Error(Errc::unauthenticated, "not authenticated");
  return store.auth().authenticate(token);
}

std::string Exchange::body_type() const {
  const std::string* type = req.header("Content-Type");
  return type == nullptr ? std::string() : media_type(*type);
}

nlohmann::json Exchange::json_body() const {
  if (body.empty()) throw BadRequest("a JSON body is required");
  // A page of another site can post text/plain or a form without asking (no preflight);
  // only a JSON body is read as JSON.
  if (body_type() != "application/json") {
    throw RequestError(415, "the body must be JSON (Content-Type: application/json)");
  }
  try {
    return json::parse_body(body, "JSON body");
  } catch (const json::SyntaxError& e) {
    throw BadRequest(e.what());  // a duplicate key, too deep, or not JSON: never echoes the body
  }
}

std::optional<std::string> Exchange::text_param(std::size_t i) const {
  const std::string_view raw = params_.texts.at(i);
  std::string out;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (raw[k] != '%') {
      out += raw[k];
      continue;
    }
    unsigned value = 0;
    if (k + 2 >= raw.size()) return std::nullopt;
    const auto [end, ec] = std::from_chars(raw.data() + k + 1, raw.data() + k + 3, value, 16);
    if (ec != std::errc{} || end != raw.data() + k + 3) return std::nullopt;
    out += static_cast<char>(value);
    k += 2;
  }
  return out;
}

std::optional<std::string> Exchange::query(const char* name) const {
  if (req.query_malformed) throw BadRequest("malformed query: bad %-escape");
  const auto it = req.query.find(name);
  if (it == req.query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Exchange::queries(const char* name) const {
  if (req.query_malformed) throw BadRequest("malformed query: bad %-escape");
  std::vector<std::string> out;
  const auto [first, last] = req.query.equal_range(name);
  for (auto it = first; it != last; ++it) out.push_back(it->second);
  return out;
}

void Exchange::reply(int status, const nlohmann::json& response_body) {
  res.set_json(status, dump(response_body));
}

void Exchange::reply_json_text(int status, std::string json_text) {
  res.set_json(status, std::move(json_text));
}

void Exchange::reply_event(int status, const Event& e) {
  res.set_header("ETag", fmt::format("\"{}\"", e.version));
  res.set_json(status, json::event_to_json_text(e));  // the streaming writer: no DOM
}

void Exchange::reply_error(int status, const Error& e) { write_error(res, e, status); }

void Exchange::no_content() {
  res.status = 204;
  res.body.clear();
}

std::optional<std::int64_t> if_match(const Request& req) {
  const std::string* header = req.header("If-Match");
  if (header == nullptr) return std::nullopt;
  std::string_view v = trim(*header);
  if (v == "*") return std::nullopt;
  const bool weak = v.substr(0, 2) == "W/";
  if (weak) v.remove_prefix(2);
  const bool quoted = v.size() >= 2 && v.front() == '"' && v.back() == '"';
  if (quoted) v = v.substr(1, v.size() - 2);
  std::int64_t version = 0;
  const bool digits = !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  if ((weak && !quoted) || !digits || ec != std::errc{} || end != v.data() + v.size()) {
    throw Error(Errc::invalid_argument, R"(If-Match must be a version: "3", 3, W/"3" or *)");
  }
  return version;
}

}  // namespace eventcollab::http
