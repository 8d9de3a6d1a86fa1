// SPDX-License-Identifier: MIT
// Requests from web pages of other sites. A browser lets any page send a form or text/plain
// POST to 127.0.0.1 without asking, and names the page's origin in `Origin`: such requests
// are refused unless the origin is allowed (HttpOptions::allowed_origins), and allowed ones
// get the CORS headers that let the page read the response.
#pragma once

#include <string>
#include <vector>

#include "http/message.hpp"

namespace eventcollab::http {

class Router;

class CrossOrigin {
 public:
  explicit CrossOrigin(std::vector<std::string> allowed);

  /// The origin of the bound address, e.g. `http://127.0.0.1:8000` or `http://[::1]:8000`.
  void set_own(std::string origin) { own_ = std::move(origin); }

  /// Checks `req`'s Origin. Returns true when `res` is the whole answer: a 403 for an origin
  /// that is neither the server's own nor allowed, or the answer to a CORS preflight. Else
  /// adds the CORS headers an allowed origin needs and returns false.
  bool screen(const Request& req, Response& res, const Router& router) const;

 private:
  bool own(const std::string& origin, const Request& req) const;
  bool allowed(const std::string& origin) const;

  std::vector<std::string> allowed_;
  std::string own_{};
};

/// `http://host:port`, with brackets around an IPv6 address.
std::string origin_of(const std::string& host, int port);

}  // namespace eventcollab::http
