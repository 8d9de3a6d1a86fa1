// SPDX-License-Identifier: MIT
#include "http/router.hpp"

#include <array>
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

// A request path's segments as views, without allocating: every request is matched here.
struct PathSegments {
  static constexpr std::size_t kMax = 8;  // more than any route has
  std::array<std::string_view, kMax> items{};
  std::size_t count = 0;
  bool too_many = false;  // matches no route

  explicit PathSegments(std::string_view path) {
    if (path.empty() || path.front() != '/') {
      too_many = true;  // not a path: matches no route
      return;
    }
    path.remove_prefix(1);
    while (true) {
      if (count == kMax) {
        too_many = true;
        return;
      }
      const auto slash = path.find('/');
      items[count++] = path.substr(0, slash);
      if (slash == std::string_view::npos) return;
      path.remove_prefix(slash + 1);
    }
  }
};

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

constexpr std::string_view kTextSuffix = ":text}";

bool text_placeholder(const std::string& segment) {
  return placeholder(segment) && segment.ends_with(kTextSuffix);
}

bool matches(const Route& r, const PathSegments& segments, PathParams& params) {
  if (segments.too_many || r.segments.size() != segments.count) return false;
  params = {};
  for (std::size_t i = 0; i < segments.count; ++i) {
    if (text_placeholder(r.segments[i])) {
      if (segments.items[i].empty() || params.text_count == params.texts.size()) return false;
      params.texts.at(params.text_count++) = segments.items[i];
    } else if (placeholder(r.segments[i])) {
      std::int64_t v = 0;
      if (!positive_integer(segments.items[i], v)) return false;
      params.values.at(params.count++) = v;
    } else if (r.segments[i] != segments.items[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, std::string operation_id,
                 Cost cost) {
  Route r{
      std::move(method), std::move(pattern), std::move(handler), std::move(operation_id), cost, {}};
  r.segments = split(r.pattern);
  // The pattern without the `:text` marks, built anew (GCC 12 warns on an in-place replace).
  std::string plain;
  for (std::size_t at = 0; at < r.pattern.size();) {
    if (std::string_view(r.pattern).substr(at, kTextSuffix.size()) == kTextSuffix) {
      plain += '}';
      at += kTextSuffix.size();
    } else {
      plain += r.pattern[at++];
    }
  }
  r.pattern = std::move(plain);
  routes_.push_back(std::move(r));
}

Router::Match Router::find(std::string_view method, std::string_view path) const {
  // `/events` and `/events/` are the same route.
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (method == "HEAD") method = "GET";
  const PathSegments segments(path);
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
