// SPDX-License-Identifier: MIT
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <regex>
#include <set>
#include <vector>

#include "events/fields.hpp"
#include "support/http_fixture.hpp"
#include "support/raw_sqlite.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool unknown_route(const Reply& r) {
  return r.status == 404 && r.body.is_object() &&
         r.body.value("detail", "").find("no such route") != std::string::npos;
}

}  // namespace

TEST_SUITE("http service") {
  TEST_CASE_FIXTURE(HttpFixture, "health answers ok") {
    Reply r = get("/health");
    CHECK(r.status == 200);
    CHECK(r.body == json{{"status", "ok"}});
    CHECK(get("/health/").status == 200);
  }

  TEST_CASE_FIXTURE(HttpFixture, "health reads the store and answers 503 when it cannot use it") {
    CHECK(get("/health").status == 200);
    // A database this library cannot read (a newer schema written behind its back).
    RawDb(dir / "test.db")
        .exec(on_postgres() ? "UPDATE eventcollab_schema SET version = 9999"
                            : "PRAGMA user_version = 9999");
    const Reply r = get("/health");
    CHECK(r.status == 503);
    CHECK(r.body == json{{"status", "unavailable"}});
    CHECK(r.header("Retry-After") == "1");
  }

  TEST_CASE_FIXTURE(HttpFixture,
                    "unknown paths get a JSON 404 and a wrong method a JSON 405 with Allow") {
    CHECK_HTTP_ERROR(get("/nope"), 404);
    CHECK_HTTP_ERROR(get("/events/1/nope"), 404);
    CHECK_HTTP_ERROR(get("/"), 404);
    CHECK_HTTP_ERROR(get("//events"), 404);
    Reply r = send("PATCH", "/events/1");
    CHECK_HTTP_ERROR(r, 405);
    CHECK(r.header("Allow") == "GET, PUT, DELETE");
    Reply batch = get("/events/batch");
    CHECK_HTTP_ERROR(batch, 405);
    CHECK(batch.header("Allow") == "POST");
    CHECK_HTTP_ERROR(send("DELETE", "/health"), 405);
    CHECK_HTTP_ERROR(get("/auth/login"), 405);
    CHECK_HTTP_ERROR(send("OPTIONS", "/events/"), 405);
  }

  TEST_CASE_FIXTURE(HttpFixture, "a body above the limit gets a JSON 413") {
    const std::string t = user("alice");
    json big = {{"title", "x"},
                {"description", std::string(1024 * 1024, 'a')},
                {"start_time", "2026-05-01T09:00:00Z"},
                {"end_time", "2026-05-01T10:00:00Z"}};
    CHECK_HTTP_ERROR(post("/events/", big, t), 413);
    CHECK_HTTP_ERROR(send("POST", "/auth/register", {}, {}, {}, std::string(1024 * 1024 + 1, ' ')),
                     413);
    // A chunked body has no Content-Length to check up front; it is cut off at the limit.
    httplib::Client client("127.0.0.1", port);
    std::size_t sent = 0;
    auto chunked = client.Post(
        "/auth/register",
        [&](std::size_t, httplib::DataSink& sink) {
          const std::string chunk(64 * 1024, ' ');
          if (sent >= 2 * 1024 * 1024) {
            sink.done();
          } else {
            sent += chunk.size();
            sink.write(chunk.data(), chunk.size());
          }
          return true;
        },
        "application/json");
    if (chunked) {  // the server may also close before the client has finished sending
      CHECK(chunked->status == 413);
      CHECK(json::parse(chunked->body).contains("detail"));
    }
    httplib::Client form("127.0.0.1", port);
    auto multipart = form.Post("/auth/register",
                               httplib::MultipartFormDataItems{{"username", "alice", "", ""},
                                                               {"password", "password-1", "", ""}});
    REQUIRE(multipart);
    CHECK(multipart->status == 415);  // not JSON
    // Just under the limit is parsed (and then validated: the description is too long).
    big["description"] = std::string(1000 * 1000, 'a');
    CHECK_HTTP_ERROR(post("/events/", big, t), 422);
  }

  TEST_CASE("the body limit is a server option") {
    HttpOptions options = test_http_options();
    options.max_body_bytes = 64;
    HttpFixture small(options);
    CHECK_HTTP_ERROR(
        small.post("/auth/register", {{"username", "alice"}, {"password", std::string(100, 'p')}}),
        413);
    CHECK(
        small.post("/auth/register", {{"username", "alice"}, {"password", "password-1"}}).status ==
        201);
  }

  TEST_CASE_FIXTURE(HttpFixture,
                    "the OpenAPI document describes exactly the routes the server answers") {
    Reply r = get("/openapi.json");
    REQUIRE(r.status == 200);
    const json& doc = r.body;
    CHECK(doc.at("openapi").get<std::string>().rfind("3.", 0) == 0);
    CHECK(doc.at("components").at("securitySchemes").at("bearerAuth").at("scheme") == "bearer");

    std::set<std::pair<std::string, std::string>> documented;
    for (const auto& [p, item] : doc.at("paths").items()) {
      for (const auto& [method, op] : item.items()) {
        if (method == "parameters") continue;
        documented.emplace(upper(method), p);
        CHECK(op.contains("operationId"));
        // Redocly's operation-4xx-response rule is off for the two service routes only
        // (tests/http/redocly.yaml); every other operation documents its client errors.
        if (p != "/health" && p != "/openapi.json") {
          bool has_4xx = false;
          for (const auto& [status, response] : op.at("responses").items()) {
            has_4xx = has_4xx || status.front() == '4';
          }
          CHECK_MESSAGE(has_4xx, method << " " << p);
        }
      }
    }
    // The list itself comes from the router (openapi.cpp builds it from router.routes()).
    CHECK(documented.size() == 29);
    CHECK(documented.count({"GET", "/events/{id}"}) == 1);

    // Each documented route is answered (never an unknown route or a 405), and each other
    // method on a documented path is a 405: so the server answers no route the document lacks.
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const auto id = event(alice);
    post(path(id, "/share"), {{"username", "bob"}, {"permission", "read"}}, alice);
    auto concrete = [&](std::string p) {
      auto replace = [&](const std::string& from, const std::string& to) {
        if (auto at = p.find(from); at != std::string::npos) p.replace(at, from.size(), to);
      };
      replace("{id}", std::to_string(id));
      replace("{user_id}", std::to_string(user_id(bob)));
      replace("{n}", "1");
      replace("{a}", "1");
      replace("{b}", "1");
      replace("{recurrence_id}", "2026-05-01T09:00:00Z");
      // A stream would not end: a bad cursor answers before it starts.
      if (p == "/changes/stream") p += "?since=x";
      return p;
    };
    std::set<std::string> paths;
    for (const auto& [method, p] : documented) paths.insert(p);
    for (const auto& p : paths) {
      for (const char* method : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
        CAPTURE(method);
        CAPTURE(p);
        const Reply reply = send(method, concrete(p), alice, json::object());
        if (documented.count({method, p}) > 0) {
          CHECK(reply.status != 405);
          CHECK_FALSE(unknown_route(reply));
        } else {
          CHECK(reply.status == 405);
        }
      }
    }
  }

  TEST_CASE_FIXTURE(HttpFixture,
                    "the OpenAPI event schemas have one property per field of the table, with "
                    "its bounds, summary and nullability, and diffs name exactly its fields") {
    const json schemas = get("/openapi.json").body.at("components").at("schemas");
    auto required = [&](const char* schema, const std::string& name) {
      const json list = schemas.at(schema).value("required", json::array());
      return std::find(list.begin(), list.end(), name) != list.end();
    };
    auto nullable = [&](const char* schema, const std::string& name) {
      return schemas.at(schema).at("properties").at(name).value("nullable", false);
    };
    json names = json::array();
    for (const events::FieldInfo& f : events::kFieldInfos) {
      const std::string name(f.name);
      CAPTURE(name);
      names.push_back(name);
      for (const char* schema : {"Event", "Version", "EventCreate", "EventUpdate"}) {
        CAPTURE(schema);
        const std::string_view which(schema);
        const bool input_schema = which == "EventCreate" || which == "EventUpdate";
        // Overrides change through the occurrence routes only: read-only in the schemas.
        if (input_schema && !f.input()) {
          CHECK_FALSE(schemas.at(schema).at("properties").contains(name));
          continue;
        }
        const json& p = schemas.at(schema).at("properties").at(name);
        CHECK(p.at("description") == f.summary);
        switch (f.kind) {
          case events::FieldKind::time:
            // A date-time, or a date for an all-day event: no single format fits.
            CHECK(p.at("type") == "string");
            CHECK_FALSE(p.contains("format"));
            break;
          case events::FieldKind::flag:
            CHECK(p.at("type") == "boolean");
            break;
          case events::FieldKind::times:
            CHECK(p.at("type") == "array");
            CHECK(p.at("items").at("type") == "string");
            break;
          case events::FieldKind::overrides:
            CHECK(p.at("type") == "array");
            CHECK(p.at("items").at("$ref") == "#/components/schemas/OccurrenceOverride");
            break;
          case events::FieldKind::text:
          case events::FieldKind::optional_text:
            CHECK(p.value("minLength", std::size_t{0}) == f.min_length);
            CHECK(p.value("maxLength", std::size_t{0}) == f.max_length);
            break;
        }
      }
      CHECK(required("Event", name));
      CHECK(required("Version", name));
      CHECK(nullable("Event", name) == f.clearable());
      CHECK(nullable("Version", name) == f.clearable());
      if (f.input()) {
        CHECK(required("EventCreate", name) == f.required());
        CHECK_FALSE(required("EventUpdate", name));
        CHECK(nullable("EventUpdate", name) == f.clearable());
      }
    }
    CHECK(schemas.at("FieldName").at("enum") == names);
    CHECK(schemas.at("FieldChange").at("properties").at("field").at("$ref") ==
          "#/components/schemas/FieldName");
  }

#ifdef EVENTCOLLAB_SOURCE_DIR
  TEST_CASE_FIXTURE(HttpFixture, "docs/REST.md lists exactly the routes of /openapi.json") {
    const Reply doc = get("/openapi.json");
    std::set<std::pair<std::string, std::string>> documented;
    for (const auto& [p, item] : doc.body.at("paths").items()) {
      for (const auto& [method, op] : item.items()) {
        if (method != "parameters") documented.emplace(upper(method), p);
      }
    }
    std::ifstream in(std::string(EVENTCOLLAB_SOURCE_DIR) + "/docs/REST.md");
    REQUIRE(in);
    // Each route is a heading of its own: ### `METHOD /path`
    const std::regex heading(R"(^### `([A-Z]+) (/[^`]*)`$)");
    std::set<std::pair<std::string, std::string>> in_docs;
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_match(line, m, heading)) {
        CHECK_MESSAGE(in_docs.emplace(m[1], m[2]).second, "listed twice: " << line);
      }
    }
    for (const auto& [method, p] : documented) {
      CHECK_MESSAGE(in_docs.count({method, p}) == 1, "docs/REST.md lacks " << method << " " << p);
    }
    for (const auto& [method, p] : in_docs) {
      CHECK_MESSAGE(documented.count({method, p}) == 1, "not a route: " << method << " " << p);
    }
  }
#endif

  TEST_CASE_FIXTURE(HttpFixture, "many concurrent clients read and write without errors") {
    constexpr int kClients = 8;
    constexpr int kRounds = 12;
    std::vector<std::string> tokens;
    for (int i = 0; i < kClients; ++i) tokens.push_back(user("user" + std::to_string(i)));
    const auto shared = event(tokens[0]);
    for (int i = 1; i < kClients; ++i) {
      post(path(shared, "/share"),
           {{"username", "user" + std::to_string(i)}, {"permission", "write"}}, tokens[0]);
    }
    std::atomic<int> failures{0};
    std::vector<std::string> errors(kClients);
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        // One keep-alive connection per client, as a real client would hold.
        httplib::Client client("127.0.0.1", port);
        client.set_keep_alive(true);
        const httplib::Headers auth = {{"Authorization", "Bearer " + tokens[c]}};
        for (int i = 0; i < kRounds; ++i) {
          const json body = {{"title", "e" + std::to_string(i)},
                             {"start_time", "2026-05-01T09:00:00Z"},
                             {"end_time", "2026-05-01T10:00:00Z"}};
          auto created = client.Post("/events/", auth, body.dump(), "application/json");
          auto updated = client.Put(
              path(shared).c_str(), auth,
              json{{"description", "c" + std::to_string(c) + "-" + std::to_string(i)}}.dump(),
              "application/json");
          auto listed = client.Get("/events/", auth);
          for (auto* res : {&created, &updated, &listed}) {
            if (!*res || (*res)->status >= 300) {
              ++failures;
              errors[c] = *res ? (*res)->body : httplib::to_string(res->error());
            }
          }
        }
      });
    }
    for (auto& t : clients) t.join();
    for (const auto& e : errors) CHECK_MESSAGE(e.empty(), e);
    CHECK(failures == 0);
    const Reply versions = get(path(shared, "/versions"), tokens[0]);
    CHECK(versions.body.size() == 1 + kClients * kRounds);
    CHECK(store.check().ok());
  }

  TEST_CASE("stop returns while clients are busy, after finishing the requests in flight") {
    HttpFixture fx;
    const std::string t = fx.user("alice");
    std::atomic<bool> go{true};
    std::atomic<int> broken{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
      clients.emplace_back([&] {
        while (go) {
          httplib::Client client("127.0.0.1", fx.port);
          auto res = client.Get("/events/", {{"Authorization", "Bearer " + t}});
          // Refused or reset connections are fine once the server stops; a response that
          // arrives must be complete and successful.
          if (res && res->status != 200) ++broken;
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    fx.server.stop();
    go = false;
    for (auto& th : clients) th.join();
    CHECK(broken == 0);
    CHECK(fx.store.check().ok());
  }

  TEST_CASE("stop before run and a second bind are handled") {
    TempDir dir;
    FakeClock clock;
    Store store = Store::open(test_config(dir, clock));
    HttpServer server(store, test_http_options());
    CHECK_ERRC(server.run(), Errc::invalid_argument);
    const int port = server.bind("127.0.0.1", 0);
    CHECK(port > 0);
    CHECK(server.port() == port);
    CHECK_ERRC(server.bind("127.0.0.1", 0), Errc::invalid_argument);
    server.stop();
    server.run();  // returns at once: stop() came first
    HttpServer other(store, test_http_options());
    CHECK_ERRC(other.bind("127.0.0.1", port), Errc::invalid_argument);  // port in use
    CHECK_ERRC(other.bind("no such host", 0), Errc::invalid_argument);
  }

  TEST_CASE("run_until_signal serves until SIGINT or stop()") {
    TempDir dir;
    FakeClock clock;
    Store store = Store::open(test_config(dir, clock));
    HttpServer server(store, test_http_options());
    const int port = server.bind("127.0.0.1", 0);
    std::atomic<int> result{-1};
    std::thread serving([&] { result = server.run_until_signal(); });
    // An answer means run_until_signal has blocked the signals and the server is running.
    httplib::Client client("127.0.0.1", port);
    bool up = false;
    for (int i = 0; i < 500 && !up; ++i) {
      auto r = client.Get("/health");
      up = r && r->status == 200;
      if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(up);
    SUBCASE("a signal") {
      pthread_kill(serving.native_handle(), SIGINT);
      serving.join();
      CHECK(result == SIGINT);
    }
    SUBCASE("stop()") {
      server.stop();
      serving.join();
      CHECK(result == 0);
    }
    CHECK_FALSE(client.Get("/health"));  // no longer listening
  }
}
