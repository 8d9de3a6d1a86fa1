// SPDX-License-Identifier: MIT
#include "http/router.hpp"

#include <charconv>

namespace eventcollab::http {
namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  // "/a/b" -> {"a", "b"}; an empty segment ("//") is kept so that it matches nothing.
  if (path.empty() || path.front() != '/') return out;  // matches no route
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool positive_integer(std::string_view s, std::int64_t& value) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc{} && end == s.data() + s.size() && value > 0;
}

bool placeholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const Route& r, const std::vector<std::string>& segments, PathParams& params) {
  if (r.segments.size() != segments.size()) return false;
  params = {};
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (placeholder(r.segments[i])) {
      std::int64_t v = 0;
      if (!positive_integer(segments[i], v)) return false;
      params.values.at(params.count++) = v;
    } else if (r.segments[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler,
                 std::string operation_id) {
  Route r{std::move(method), std::move(pattern), std::move(handler), std::move(operation_id), {}};
  r.segments = split(r.pattern);
  routes_.push_back(std::move(r));
}

Router::Match Router::find(std::string_view method, std::string_view path) const {
  // `/events` and `/events/` are the same route.
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (method == "HEAD") method = "GET";
  const auto segments = split(path);
  Match m;
  for (const Route& r : routes_) {
    PathParams params;
    if (!matches(r, segments, params)) continue;
    if (r.method == method) {
      m.kind = Match::Kind::found;
      m.route = &r;
      m.params = params;
      return m;
    }
    m.kind = Match::Kind::wrong_method;
    m.allow += m.allow.empty() ? r.method : ", " + r.method;
  }
  return m;
}

std::string Router::methods_of(std::string_view path) const {
  const Match m = find("", path);  // no route has an empty method: every match is "wrong"
  return m.allow;
}

}  // namespace eventcollab::http
