// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "eventcollab/error.hpp"
#include "http/message.hpp"

namespace eventcollab::http {

/// The HTTP status of a library error code: the one table of docs/REST.md.
int status_of(Errc code) noexcept;

/// Turns a library error into its response: status, `{"detail": …}` (plus `"index"` for a batch
/// item) and the headers the status needs (`WWW-Authenticate`, `Retry-After`). `status`
/// overrides the table (412 for a conflict that was an `If-Match` precondition).
void write_error(Response& res, const Error& e, int status = 0);

/// An adapter-level error (400, 403 origin, 404 route, 405, 408, 413, 415, 500): status and
/// `{"detail": …}`.
void write_error(Response& res, int status, std::string_view detail);

}  // namespace eventcollab::http
