// SPDX-License-Identifier: MIT
#include "http/cross_origin.hpp"

#include <fmt/format.h>

#include "http/error_mapping.hpp"
#include "http/router.hpp"

namespace eventcollab::http {
namespace {

std::string without_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

std::string origin_of(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  return v6 ? fmt::format("http://[{}]:{}", host, port) : fmt::format("http://{}:{}", host, port);
}

CrossOrigin::CrossOrigin(std::vector<std::string> allowed) {
  for (auto& o : allowed) allowed_.push_back(without_trailing_slash(std::move(o)));
}

bool CrossOrigin::own(const std::string& origin, const Request& req) const {
  if (!own_.empty() && iequals(origin, own_)) return true;
  const std::string* host = req.header("Host");
  return host != nullptr && !host->empty() && iequals(origin, "http://" + *host);
}

bool CrossOrigin::allowed(const std::string& origin) const {
  for (const auto& a : allowed_) {
    if (iequals(a, origin)) return true;
  }
  return false;
}

bool CrossOrigin::screen(const Request& req, Response& res, const Router& router) const {
  const std::string* header = req.header("Origin");
  if (header == nullptr) return false;  // not sent by a page of another site
  const std::string& origin = *header;
  if (own(origin, req)) return false;
  if (!allowed(origin)) {
    write_error(res, 403,
                fmt::format("requests from origin '{}' are not allowed (see allowed origins)",
                            origin.substr(0, 200)));
    return true;
  }
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
  res.set_header("Access-Control-Expose-Headers", "ETag, Retry-After, WWW-Authenticate");
  if (req.method != "OPTIONS" || req.header("Access-Control-Request-Method") == nullptr) {
    return false;
  }
  const std::string methods = router.methods_of(req.path);
  if (methods.empty()) {
    write_error(res, 404, "not found: no such route");
    return true;
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Methods", methods);
  res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match");
  res.set_header("Access-Control-Max-Age", "600");
  return true;
}

}  // namespace eventcollab::http
