// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "eventcollab/eventcollab.hpp"
#include "eventcollab/http.hpp"
#include "support/openapi_schema.hpp"
#include "support/store_fixture.hpp"

namespace eventcollab::test {

/// One HTTP exchange as the tests look at it.
struct Reply {
  int status = 0;
  std::string raw{};
  nlohmann::json body{};  ///< the parsed body; null when empty or not JSON
  httplib::Headers headers{};

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool has_header(const std::string& name) const { return headers.count(name) > 0; }
};

inline HttpOptions test_http_options() {
  HttpOptions o;
  o.threads = 8;
  o.access_log = false;  // the end-to-end test checks the log of the real binary
  return o;
}

/// The server's /openapi.json, fetched once per test process (it is the same for every server).
inline const OpenApiChecker& openapi_checker(int port) {
  static const OpenApiChecker checker = [port] {
    httplib::Client client("127.0.0.1", port);
    auto r = client.Get("/openapi.json");
    REQUIRE_MESSAGE(r, "cannot fetch /openapi.json");
    return OpenApiChecker(nlohmann::json::parse(r->body));
  }();
  return checker;
}

/// A store in a temp dir with a real server on an ephemeral 127.0.0.1 port, run on its own
/// thread (the socket listens from bind() on, so clients can connect at once). The destructor
/// stops the server and joins the thread. Every reply of send() is checked against the
/// documented OpenAPI operation: its status must be documented and its body match the schema.
struct HttpFixture {
  explicit HttpFixture(HttpOptions options = test_http_options())
      : store(Store::open(test_config(dir, clock))),
        server(store, options),
        port(server.bind("127.0.0.1", 0)),
        thread([this] { server.run(); }) {}
  HttpFixture(const HttpFixture&) = delete;
  HttpFixture& operator=(const HttpFixture&) = delete;
  ~HttpFixture() {
    server.stop();
    thread.join();
  }

  TempDir dir;
  FakeClock clock;
  Store store;
  HttpServer server;
  int port;
  std::thread thread;

  /// Sends one request; `body` is sent as JSON, `raw_body` as is with `content_type`.
  Reply send(const std::string& method, const std::string& path, const std::string& token = {},
             const std::optional<nlohmann::json>& body = {}, httplib::Headers headers = {},
             const std::optional<std::string>& raw_body = {},
             const std::string& content_type = "application/json") const {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = std::move(headers);
    if (!token.empty()) req.headers.emplace("Authorization", "Bearer " + token);
    if (body || raw_body) {
      req.body = raw_body ? *raw_body : body->dump();
      req.headers.emplace("Content-Type", content_type);
    }
    auto result = client.send(req);
    REQUIRE_MESSAGE(result, "no response to " << method << " " << path << ": "
                                              << httplib::to_string(result.error()));
    Reply r;
    r.status = result->status;
    r.raw = result->body;
    r.headers = result->headers;
    r.body = nlohmann::json::parse(r.raw, nullptr, false);
    const bool is_json = !r.body.is_discarded() && !r.raw.empty();
    if (r.body.is_discarded()) r.body = nullptr;
    // A page of another origin may be refused (403) on any route: that is the screen, not the
    // operation.
    const bool screened = r.status == 403 && req.has_header("Origin");
    if (method != "OPTIONS" && !screened) {
      for (const auto& problem :
           openapi_checker(port).check(method, path, r.status, r.body, is_json)) {
        FAIL_CHECK("the reply does not match /openapi.json: " << problem);
      }
    }
    return r;
  }

  Reply get(const std::string& path, const std::string& token = {}) const {
    return send("GET", path, token);
  }
  Reply post(const std::string& path, const nlohmann::json& body,
             const std::string& token = {}) const {
    return send("POST", path, token, body);
  }
  Reply put(const std::string& path, const nlohmann::json& body, const std::string& token = {},
            httplib::Headers headers = {}) const {
    return send("PUT", path, token, body, std::move(headers));
  }
  Reply del(const std::string& path, const std::string& token = {}) const {
    return send("DELETE", path, token);
  }

  /// Registers `name` (password "password-<name>") and returns an access token.
  std::string user(const std::string& name) const {
    const std::string password = "password-" + name;
    REQUIRE(post("/auth/register", {{"username", name}, {"password", password}}).status == 201);
    const Reply r = post("/auth/login", {{"username", name}, {"password", password}});
    REQUIRE(r.status == 200);
    return r.body.at("access_token").get<std::string>();
  }

  std::int64_t user_id(const std::string& token) const {
    return get("/auth/me", token).body.at("id").get<std::int64_t>();
  }

  /// Creates an event as the token's user and returns its id.
  std::int64_t event(const std::string& token, const std::string& title = "Standup") const {
    const Reply r = post("/events/",
                         {{"title", title},
                          {"start_time", "2026-05-01T09:00:00Z"},
                          {"end_time", "2026-05-01T09:15:00Z"}},
                         token);
    REQUIRE(r.status == 201);
    return r.body.at("id").get<std::int64_t>();
  }

  static std::string path(std::int64_t id, const std::string& rest = {}) {
    return "/events/" + std::to_string(id) + rest;
  }
};

/// Checks a status and that the error body is `{"detail": "<text>"}`.
#define CHECK_HTTP_ERROR(reply_expr, code)                                \
  do {                                                                    \
    const auto& r_ = (reply_expr);                                        \
    CHECK_MESSAGE(r_.status == (code), r_.raw);                           \
    CHECK(r_.header("Content-Type").rfind("application/json", 0) == 0);   \
    CHECK(r_.body.is_object());                                           \
    CHECK((r_.body.contains("detail") && r_.body["detail"].is_string())); \
  } while (false)

}  // namespace eventcollab::test
