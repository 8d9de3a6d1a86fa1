// SPDX-License-Identifier: MIT
#include "http/error_mapping.hpp"

#include <string>

#include "json/calendar_shapes.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

void send(Response& res, int status, const nlohmann::json& body) {
  // `replace`: a message may quote client text that is not valid UTF-8 (e.g. a form field).
  res.set_json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

// No `default:`: with -Wswitch-enum under -Werror, a new Errc that is not mapped here fails
// the build instead of silently becoming a 500.
int status_of(Errc code) noexcept {
  switch (code) {
    case Errc::invalid_argument:
      return 422;
    case Errc::unauthenticated:
      return 401;
    case Errc::forbidden:
      return 403;
    case Errc::not_found:
      return 404;
    case Errc::conflict:
      return 409;
    case Errc::rate_limited:
      return 429;
    case Errc::gone:
      return 410;
    case Errc::incompatible_database:
      return 500;
    case Errc::storage:
      return 503;
    case Errc::internal:
      return 500;
  }
  return 500;  // unreachable for a valid enumerator
}

void write_error(Response& res, const Error& e, int status) {
  if (status == 0) status = status_of(e.code());
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer");
  if (status == 429) res.set_header("Retry-After", std::to_string(e.retry_after().value_or(1)));
  if (status == 503) res.set_header("Retry-After", "1");
  // An overlap's 409 also lists what the new content would overlap.
  if (const auto* overlap = dynamic_cast<const OverlapError*>(&e)) {
    send(res, status, json::error_body(*overlap));
    return;
  }
  send(res, status, json::error_body(e));
}

void write_error(Response& res, int status, std::string_view detail) {
  send(res, status, json::error_body(detail));
}

}  // namespace eventcollab::http
