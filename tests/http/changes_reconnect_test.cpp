// SPDX-License-Identifier: MIT
// Exactly once and in order across reconnects: a reader drops its /changes/stream 20 times at
// random moments, resuming with Last-Event-ID on one of two servers, while writers change
// shared events through HTTP (threads), CLI processes and a second `serve` process on the
// same database. Its reassembled feed must equal GET /changes from 0.
#include <algorithm>
#include <array>
#include <atomic>
#include <random>
#include <thread>

#include "support/cli_fixture.hpp"
#include "support/http_fixture.hpp"
#include "support/serve_child.hpp"
#include "support/sse_client.hpp"

#ifdef EVENTCOLLAB_CLI_PATH

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// One request with a bearer token; the status (0: no answer).
int call(int port, const std::string& method, const std::string& path, const std::string& token,
         const json& body = nullptr, json* out = nullptr) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60, 0);
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers.emplace("Authorization", "Bearer " + token);
  if (!body.is_null()) {
    req.body = body.dump();
    req.headers.emplace("Content-Type", "application/json");
  }
  auto r = client.send(req);
  if (!r) return 0;
  if (out != nullptr) *out = json::parse(r->body, nullptr, false);
  return r->status;
}

}  // namespace

TEST_SUITE("http change stream reconnect") {
  TEST_CASE_FIXTURE(CliWorld,
                    "a reader that drops its stream 20 times while threads, CLI processes and a "
                    "second serve write reassembles exactly /changes from 0") {
    HttpOptions options = test_http_options();
    options.stream_keep_alive_seconds = 1;
    HttpServer server(store, options);
    const int port = server.bind("127.0.0.1", 0);
    struct Running {  // stopped and joined however the test ends
      HttpServer& server;
      std::thread thread;
      ~Running() {
        server.stop();
        if (thread.joinable()) thread.join();
      }
    } running{server, std::thread([&] { server.run(); })};
    ServeChild second(env, dir.path());

    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const std::string carol_id = std::to_string(store.auth().authenticate(user("carol")).user_id);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 3; ++i) {
      json created;
      REQUIRE(call(port, "POST", "/events/", alice,
                   {{"title", "E" + std::to_string(i)},
                    {"start_time", "2026-05-01T09:00:00Z"},
                    {"end_time", "2026-05-01T10:00:00Z"}},
                   &created) == 201);
      ids.push_back(created.at("id").get<std::int64_t>());
      REQUIRE(call(port, "POST", "/events/" + std::to_string(ids.back()) + "/share", alice,
                   {{"username", "bob"}, {"permission", "write"}}) == 201);
    }
    const std::string event0 = std::to_string(ids[0]);

    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::array<std::atomic<int>, 5> written{};  // by each writer
    // Writers run until the reader has dropped its stream 20 times (each at most a bound).
    auto http_writer = [&](int target_port, const std::string& token, int seed) {
      for (int i = 0; i < 1000 && !done; ++i, ++written[static_cast<std::size_t>(seed - 1)]) {
        const std::string id = std::to_string(ids[static_cast<std::size_t>(i + seed) % ids.size()]);
        if (call(target_port, "PUT", "/events/" + id, token,
                 {{"title", "w" + std::to_string(seed) + "-" + std::to_string(i)}}) != 200) {
          ++failures;
        }
      }
    };
    auto share_writer = [&] {  // through the second serve: grants, changes and revocations
      for (int i = 0; i < 600 && !done; ++i, ++written[3]) {
        const std::string id = std::to_string(ids[2]);
        const int status =
            i % 3 == 2
                ? call(second.port(), "DELETE", "/events/" + id + "/permissions/" + carol_id, alice)
                : call(second.port(), "POST", "/events/" + id + "/share", alice,
                       {{"username", "carol"}, {"permission", i % 3 == 0 ? "read" : "write"}});
        if (status != 200 && status != 201 && status != 204) ++failures;
      }
    };
    auto cli_writer = [&] {
      for (int i = 0; i < 100 && !done; ++i, ++written[4]) {
        if (cli({"event", "update", event0, "--title", "cli-" + std::to_string(i)}, bob)
                .exit_code != 0) {
          ++failures;
        }
      }
    };
    // Joined however the test ends (a failed REQUIRE throws): done first, so they stop soon.
    struct Writers {
      std::atomic<bool>& done;
      std::vector<std::thread> threads{};
      ~Writers() {
        done = true;
        for (auto& t : threads) {
          if (t.joinable()) t.join();
        }
      }
    } writers{done};
    writers.threads.emplace_back(http_writer, port, alice, 1);
    writers.threads.emplace_back(http_writer, port, bob, 2);
    writers.threads.emplace_back(http_writer, second.port(), bob, 3);
    writers.threads.emplace_back(share_writer);
    writers.threads.emplace_back(cli_writer);

    // The reader: bob, from 0, on either server, dropping after a random number of events
    // and a random pause (often in the middle of an event).
    std::mt19937 random(15);
    std::vector<json> feed;
    std::string last_id;
    auto connect = [&](int round) {
      const int target = round % 2 == 0 ? port : second.port();
      std::map<std::string, std::string> headers{{"Authorization", "Bearer " + bob}};
      if (!last_id.empty()) headers["Last-Event-ID"] = last_id;
      auto s = std::make_unique<SseClient>(
          target, last_id.empty() ? "/changes/stream?since=0" : "/changes/stream", headers);
      REQUIRE(s->status() == 200);
      return s;
    };
    auto take = [&](SseClient& s, std::chrono::milliseconds wait) {
      auto e = s.next(wait);
      if (!e) return false;
      json data = json::parse(e->data);
      feed.push_back(data);
      last_id = e->id;
      return true;
    };
    auto all_wrote = [&] {
      return std::all_of(written.begin(), written.end(), [](const auto& n) { return n > 0; });
    };
    // 20 drops at least, and more until every writer has written (a CLI process is slow to
    // start), so the drops surely interleave with every kind of writer.
    int round = 0;
    for (; round < 20 || (!all_wrote() && round < 200); ++round) {
      auto s = connect(round);
      const int events = std::uniform_int_distribution<int>(0, 6)(random);
      for (int i = 0; i < events; ++i) {
        if (!take(*s, 20s)) break;
      }
      std::this_thread::sleep_for(
          std::chrono::microseconds(std::uniform_int_distribution<int>(0, 20'000)(random)));
      s->close();  // what was half received is dropped with the connection
    }
    // Every writer wrote while the reader was dropping and resuming.
    for (const auto& count : written) CHECK(count > 0);
    done = true;
    for (auto& w : writers.threads) w.join();
    CHECK(failures == 0);

    // Everything bob may see, from 0, page by page.
    json expected = json::array();
    std::string cursor = "0";
    for (;;) {
      json page;
      REQUIRE(call(port, "GET", "/changes?limit=1000&since=" + cursor, bob, nullptr, &page) == 200);
      for (const auto& c : page.at("changes")) expected.push_back(c);
      cursor = page.at("cursor").get<std::string>();
      if (!page.at("more").get<bool>()) break;
    }
    auto last = connect(round);
    while (feed.size() < expected.size()) {
      if (!take(*last, 60s)) break;
    }
    REQUIRE(feed.size() == expected.size());
    CHECK(json(feed) == expected);

    last->close();
    server.stop();
    running.thread.join();
    CHECK(second.stop() == 0);
  }
}

#endif  // EVENTCOLLAB_CLI_PATH
