// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include <httplib.h>

#include "eventcollab/error.hpp"

namespace eventcollab::http {

/// The HTTP status of a library error code: the one table of REST_API.md.
int status_of(Errc code) noexcept;

/// Turns a library error into its response: status, `{"detail": …}` (plus `"index"` for a batch
/// item) and the headers the status needs (`WWW-Authenticate`, `Retry-After`).
void write_error(httplib::Response& res, const Error& e);

/// An adapter-level error (400, 404 route, 405, 413, 500): status and `{"detail": …}`.
void write_error(httplib::Response& res, int status, std::string_view detail);

}  // namespace eventcollab::http
