// SPDX-License-Identifier: MIT
// What a route handler works with: the store, the request, the response and the path ids,
// plus the few steps every handler shares (authenticate, parse, reply).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "eventcollab/eventcollab.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace eventcollab::http {

/// A request the adapter refuses before the library sees it (400, 415): not an Errc.
struct RequestError : std::runtime_error {
  RequestError(int code, const std::string& detail) : std::runtime_error(detail), status(code) {}
  int status;
};

/// A body or query that cannot be parsed at all: 400.
struct BadRequest : RequestError {
  explicit BadRequest(const std::string& detail) : RequestError(400, detail) {}
};

class Exchange {
 public:
  Exchange(Store& s, const Request& request, Response& response, PathParams params)
      : store(s), req(request), body(request.body), res(response), params_(params) {}

  Store& store;
  const Request& req;
  const std::string& body;  ///< the request body, already within the size limit
  Response& res;

  /// The i-th `{…}` id of the path (always a positive integer).
  std::int64_t id(std::size_t i = 0) const { return params_[i]; }

  /// The i-th `{name:text}` segment of the path, %-decoded (`+` stays a plus); nullopt when
  /// an escape is broken.
  std::optional<std::string> text_param(std::size_t i = 0) const;

  /// The caller named by `Authorization: Bearer <token>`. Throws Error: unauthenticated.
  Principal authenticate() const;

  /// The body as JSON (json::parse_body). Throws BadRequest when it is empty, not JSON,
  /// repeats a key in one object, or nests too deep; RequestError 415 when its Content-Type
  /// is not application/json.
  nlohmann::json json_body() const;

  /// The body's media type (lowercase, no parameters); empty when there is no Content-Type.
  std::string body_type() const;

  /// A query parameter, if present (the first one when repeated). Throws BadRequest when the
  /// query has a broken `%`-escape.
  std::optional<std::string> query(const char* name) const;
  /// Every value of a repeated query parameter, in order. Throws BadRequest as query().
  std::vector<std::string> queries(const char* name) const;

  void reply(int status, const nlohmann::json& response_body);
  /// A body that is already JSON text, moved through to the socket without a copy.
  void reply_json_text(int status, std::string json_text);
  /// One event, with `ETag: "<version>"`.
  void reply_event(int status, const Event& e);
  /// A library error answered with another status than the table's (412 for If-Match).
  void reply_error(int status, const Error& e);
  /// 204 with an empty body.
  void no_content();

 private:
  PathParams params_;
};

/// `If-Match: "3"`, `3`, `W/"3"` or `*` (nullopt: no expectation), nullopt when absent.
/// Throws Error: invalid_argument (anything else, including an empty value).
std::optional<std::int64_t> if_match(const Request& req);

}  // namespace eventcollab::http
