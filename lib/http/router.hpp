// SPDX-License-Identifier: MIT
// The route table, the one list of what the server answers: the OpenAPI document (and so
// docs/REST.md and the tests) is derived from it. Paths are matched here: 405 with `Allow`,
// one trailing-slash rule, and "ids are positive integers, anything else is 404" in one place
// (a `{name:text}` segment takes any text; its handler decides what it names).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace eventcollab::http {

class Exchange;

/// The `{…}` segments of a matched path, in order: ids (positive integers) in `values`, and
/// the text of `{name:text}` segments, still %-encoded, in `texts` (views into the path).
struct PathParams {
  std::array<std::int64_t, 3> values{};
  std::size_t count = 0;
  std::array<std::string_view, 1> texts{};
  std::size_t text_count = 0;
  std::int64_t operator[](std::size_t i) const { return values.at(i); }
};

using Handler = std::function<void(Exchange&)>;

/// Where a route's handler may run.
enum class Cost {
  /// On a worker thread: it may write (and so wait for the write lock and fsync) or read an
  /// unbounded number of rows.
  blocking,
  /// Also on the transport's I/O thread, saving the hand-off to a worker: it only reads a
  /// bounded handful of rows by key (authenticate, then one or two lookups) and never writes.
  quick,
};

struct Route {
  std::string method{};
  /// e.g. "/events/{id}/versions/{n}"; no trailing slash. A segment added as `{name:text}`
  /// matches any non-empty text and appears here as `{name}` (the OpenAPI path).
  std::string pattern{};
  Handler handler{};
  std::string operation_id{};  ///< its operation in the OpenAPI document (openapi.cpp)
  Cost cost = Cost::blocking;
  std::vector<std::string> segments{};
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, std::string operation_id,
           Cost cost = Cost::blocking);

  struct Match {
    enum class Kind { found, wrong_method, unknown_path } kind = Kind::unknown_path;
    const Route* route = nullptr;
    PathParams params{};
    std::string allow{};  ///< for wrong_method: the methods the path serves, e.g. "GET, PUT"
  };

  /// HEAD is served by the GET route of a path.
  Match find(std::string_view method, std::string_view path) const;

  /// The methods a path serves ("GET, PUT"), empty for an unknown path.
  std::string methods_of(std::string_view path) const;

  const std::vector<Route>& routes() const noexcept { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace eventcollab::http
