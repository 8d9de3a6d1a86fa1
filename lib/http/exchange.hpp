// SPDX-License-Identifier: MIT
// What a route handler works with: the store, the request, the response and the path ids,
// plus the few steps every handler shares (authenticate, parse, reply).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "eventcollab/eventcollab.hpp"
#include "http/router.hpp"

namespace eventcollab::http {

/// A body that cannot be parsed at all: 400. Not an Errc, since the library never sees it.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Exchange {
 public:
  Exchange(Store& s, const httplib::Request& request, const std::string& request_body,
           httplib::Response& response, PathParams params)
      : store(s), req(request), body(request_body), res(response), params_(params) {}

  Store& store;
  const httplib::Request& req;
  const std::string& body;  ///< the request body, already within the size limit
  httplib::Response& res;

  /// The i-th `{…}` id of the path (always a positive integer).
  std::int64_t id(std::size_t i = 0) const { return params_[i]; }

  /// The caller named by `Authorization: Bearer <token>`. Throws Error: unauthenticated.
  Principal authenticate() const;

  /// The body as JSON (json::parse_body). Throws BadRequest when it is not JSON, repeats a key
  /// in one object, or nests too deep.
  nlohmann::json json_body() const;

  /// A query parameter, if present (the first one when repeated).
  std::optional<std::string> query(const char* name) const;

  void reply(int status, const nlohmann::json& response_body);
  /// One event, with `ETag: "<version>"`.
  void reply_event(int status, const Event& e);
  /// 204 with an empty body.
  void no_content();

 private:
  PathParams params_;
};

/// Throws what the library would for `who` acting on event `id` with permission `needed`:
/// not_found for a stranger, forbidden for too little permission. Only used to order errors
/// when a body fails to decode (see decode_for_event); the operation itself checks again.
void require_access(Store& store, const Principal& who, EventId id, Permission needed);

/// Runs `decode` (a lib/json decoder). REST_API.md checks access before validation, but a
/// decoder fails before the library is ever called; so when decoding fails with
/// invalid_argument, access is checked first and a stranger still gets 404, a reader 403.
template <class Decode>
auto decode_for_event(Exchange& x, const Principal& who, EventId id, Permission needed,
                      Decode&& decode) -> decltype(decode()) {
  try {
    return decode();
  } catch (const Error& e) {
    if (e.code() == Errc::invalid_argument) require_access(x.store, who, id, needed);
    throw;
  }
}

}  // namespace eventcollab::http
