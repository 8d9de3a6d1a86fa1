// SPDX-License-Identifier: MIT
// One table of (operation, bad input) run by a stranger, a reader and a writer through the
// library, the CLI binary and real HTTP on one database: every front reports the same kind of
// error, because the library decides the order (access first, then the input) for all three.
#ifdef EVENTCOLLAB_CLI_PATH

#include <functional>
#include <thread>

#include <httplib.h>

#include "eventcollab/http.hpp"
#include "support/cli_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

struct HttpCall {
  std::string method;
  std::string path;
  std::string body;                        // JSON, empty for none
  std::vector<std::string> if_match = {};  // at most one value
};

struct Row {
  const char* operation;
  std::function<void(Store&, const Principal&, EventId, UserId bob)> library;
  std::function<std::vector<std::string>(EventId)> cli;
  std::function<HttpCall(EventId, UserId bob)> http;
  Errc writer;  // what a writer gets; a stranger always gets not_found, a reader forbidden
};

// The three kinds this table expects, as each front spells them.
int http_status(Errc e) { return e == Errc::not_found ? 404 : e == Errc::forbidden ? 403 : 422; }
int cli_exit(Errc e) { return e == Errc::not_found ? 6 : e == Errc::forbidden ? 5 : 3; }

Errc library_error(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("the library accepted bad input");
  return Errc::internal;
}

std::string id_text(std::int64_t id) { return std::to_string(id); }

const Row kRows[] = {
    {"update with an empty title",
     [](Store& s, const Principal& p, EventId id, UserId) {
       s.events().update(p, id, EventPatch{.title = ""});
     },
     [](EventId id) {
       return std::vector<std::string>{"event", "update", id_text(id), "--title", ""};
     },
     [](EventId id, UserId) {
       return HttpCall{"PUT", "/events/" + id_text(id), R"({"title":""})"};
     },
     Errc::invalid_argument},
    {"update with a time that is not RFC 3339",
     [](Store& s, const Principal& p, EventId id, UserId) {
       s.events().update(p, id, [] {
         EventUpdate u;
         u.patch.start = parse_rfc3339("tomorrow");
         return u;
       });
     },
     [](EventId id) {
       return std::vector<std::string>{"event", "update", id_text(id), "--start", "tomorrow"};
     },
     [](EventId id, UserId) {
       return HttpCall{"PUT", "/events/" + id_text(id), R"({"start_time":"tomorrow"})"};
     },
     Errc::invalid_argument},
    {"update expecting version 0",
     [](Store& s, const Principal& p, EventId id, UserId) {
       s.events().update(p, id, EventPatch{.title = "x"}, 0);
     },
     [](EventId id) {
       return std::vector<std::string>{"event", "update",       id_text(id), "--title",
                                       "x",     "--if-version", "0"};
     },
     [](EventId id, UserId) {
       return HttpCall{"PUT", "/events/" + id_text(id), R"({"title":"x"})", {"\"0\""}};
     },
     Errc::invalid_argument},
    {"share with an unknown permission",
     [](Store& s, const Principal& p, EventId id, UserId) {
       s.sharing().share(p, id, [] {
         return ShareGrant{{.username = "erin"}, parse_permission("admin")};
       });
     },
     [](EventId id) {
       return std::vector<std::string>{"share", "add",          id_text(id),
                                       "erin",  "--permission", "admin"};
     },
     [](EventId id, UserId) {
       return HttpCall{"POST", "/events/" + id_text(id) + "/share",
                       R"({"username":"erin","permission":"admin"})"};
     },
     Errc::forbidden},
    {"change a share to an unknown permission",
     [](Store& s, const Principal& p, EventId id, UserId bob) {
       s.sharing().set_permission(p, id, bob, [] { return parse_permission("admin"); });
     },
     [](EventId id) {
       return std::vector<std::string>{"share", "set", id_text(id), "bob", "admin"};
     },
     [](EventId id, UserId bob) {
       return HttpCall{"PUT", "/events/" + id_text(id) + "/permissions/" + id_text(bob),
                       R"({"permission":"admin"})"};
     },
     Errc::forbidden},
    {"rollback expecting version 0",
     [](Store& s, const Principal& p, EventId id, UserId) {
       s.history().rollback(p, id, 1, [] { return std::optional<std::int64_t>(0); });
     },
     [](EventId id) {
       return std::vector<std::string>{"history", "rollback",     id_text(id),
                                       "1",       "--if-version", "0"};
     },
     [](EventId id, UserId) {
       return HttpCall{"POST", "/events/" + id_text(id) + "/rollback/1", "", {"\"0\""}};
     },
     Errc::invalid_argument},
};

}  // namespace

TEST_SUITE("front contract") {
  TEST_CASE_FIXTURE(CliWorld,
                    "library, CLI and HTTP report the same error for each actor and bad input") {
    HttpOptions options;
    options.access_log = false;
    HttpServer server(store, options);
    const int port = server.bind("127.0.0.1", 0);
    std::thread serving([&] { server.run(); });
    struct Stop {
      HttpServer& s;
      std::thread& t;
      ~Stop() {
        s.stop();
        t.join();
      }
    } stop{server, serving};

    const std::string alice_token = user("alice");
    const std::string tokens[] = {user("dave"), user("carol"), user("bob")};
    user("erin");
    const Principal alice = store.auth().authenticate(alice_token);
    const Event event = store.events().create(
        alice,
        {.title = "Standup", .start = parse_rfc3339(kCliStart), .end = parse_rfc3339(kCliEnd)});
    store.sharing().share(alice, event.id, {.username = "carol"}, Permission::read);
    store.sharing().share(alice, event.id, {.username = "bob"}, Permission::write);
    const UserId bob = store.auth().find_user("bob").id;
    const char* actors[] = {"stranger", "reader", "writer"};

    httplib::Client client("127.0.0.1", port);
    for (const Row& row : kRows) {
      for (int a = 0; a < 3; ++a) {
        CAPTURE(row.operation);
        CAPTURE(actors[a]);
        const Errc expected = a == 0 ? Errc::not_found : a == 1 ? Errc::forbidden : row.writer;
        const Principal who = store.auth().authenticate(tokens[a]);

        CHECK(library_error([&] { row.library(store, who, event.id, bob); }) == expected);

        const ProcessResult r = cli(row.cli(event.id), tokens[a]);
        INFO("cli stderr: " << r.err);
        CHECK(r.exit_code == cli_exit(expected));

        const HttpCall call = row.http(event.id, bob);
        httplib::Headers headers{{"Authorization", "Bearer " + tokens[a]}};
        if (!call.if_match.empty()) headers.emplace("If-Match", call.if_match.front());
        auto reply = call.method == "PUT"
                         ? client.Put(call.path.c_str(), headers, call.body, "application/json")
                         : client.Post(call.path.c_str(), headers, call.body, "application/json");
        REQUIRE(reply);
        INFO("http body: " << reply->body);
        CHECK(reply->status == http_status(expected));
      }
    }
    // Nothing changed: no version, no share.
    CHECK(store.events().get(alice, event.id).version == 1);
    CHECK(store.sharing().list(alice, event.id).size() == 3);
    CHECK(store.check().ok());
  }
}

#endif  // EVENTCOLLAB_CLI_PATH
