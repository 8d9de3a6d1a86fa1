// SPDX-License-Identifier: MIT
// GET /changes/stream over real HTTP: SSE framing, resuming after Last-Event-ID, who sees
// what, errors before the stream starts, and the stream's end (client gone, token expired or
// revoked, server stopping). Every wait has a generous deadline; none is an assertion on time.
#include <fmt/format.h>

#include <memory>
#include <thread>

#include "support/http_fixture.hpp"
#include "support/raw_sqlite.hpp"
#include "support/sse_client.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

HttpOptions stream_options() {
  HttpOptions o = test_http_options();
  o.stream_keep_alive_seconds = 1;
  return o;
}

struct StreamFixture : HttpFixture {
  StreamFixture() : HttpFixture(stream_options()) {}

  std::unique_ptr<SseClient> open(const std::string& token,
                                  const std::string& target = "/changes/stream",
                                  std::map<std::string, std::string> headers = {},
                                  int receive_buffer = 0) const {
    headers["Authorization"] = "Bearer " + token;
    return std::make_unique<SseClient>(port, target, headers, 30s, receive_buffer);
  }

  // The next event of `client`, which must be a change; its data parsed, with its id.
  static json change(SseClient& client) {
    const auto e = client.next();
    REQUIRE_MESSAGE(e, "no event arrived");
    CHECK(e->event == "change");
    json data = json::parse(e->data);
    data["id"] = e->id;
    return data;
  }

  // Waits (generously) until the server's count of open streams is `n`.
  bool streams_become(std::size_t n) const {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (server.open_streams() != n) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }
};

json without_id(json j) {
  j.erase("id");
  return j;
}

}  // namespace

TEST_SUITE("http change stream") {
  TEST_CASE_FIXTURE(StreamFixture,
                    "the stream sends each change as an SSE event whose id is the cursor after "
                    "it, with the /changes entry as data") {
    const std::string alice = user("alice");
    const auto before = event(alice, "Before");  // not in a stream that starts from now
    auto stream = open(alice);
    REQUIRE(stream->status() == 200);
    CHECK(stream->header("Content-Type") == "text/event-stream");
    CHECK(stream->header("Cache-Control") == "no-store");
    CHECK(stream->header("Connection") == "close");
    CHECK_FALSE(stream->header("Content-Length"));

    const auto id = event(alice);
    REQUIRE(put(path(id), {{"title", "Daily"}}, alice).status == 200);
    const json first = change(*stream);
    const json second = change(*stream);
    CHECK(first.at("event_id") == id);
    CHECK(first.at("kind") == "created");
    CHECK(second.at("kind") == "updated");
    CHECK(second.at("version") == 2);
    CHECK(first.at("event_id") != before);

    // The data is the /changes entry, and the id a cursor: since=id gives what follows.
    const Reply after_first = get("/changes?since=" + first.at("id").get<std::string>(), alice);
    REQUIRE(after_first.status == 200);
    CHECK(after_first.body.at("changes") == json::array({without_id(second)}));
    const Reply all = get("/changes", alice);
    CHECK(all.body.at("changes").back() == without_id(second));
    CHECK(all.body.at("cursor") == second.at("id"));
  }

  TEST_CASE_FIXTURE(StreamFixture,
                    "a stream resumes after Last-Event-ID (over since), or after since, exactly "
                    "once and in order") {
    const std::string alice = user("alice");
    auto stream = open(alice);
    const auto id = event(alice);
    const json created = change(*stream);
    stream->close();
    for (const char* title : {"One", "Two", "Three"}) {
      REQUIRE(put(path(id), {{"title", title}}, alice).status == 200);
    }
    auto resumed = open(alice, "/changes/stream?since=0",
                        {{"Last-Event-ID", created.at("id").get<std::string>()}});
    REQUIRE(resumed->status() == 200);
    for (int version : {2, 3, 4}) {
      const json c = change(*resumed);
      CHECK(c.at("kind") == "updated");
      CHECK(c.at("version") == version);
    }
    auto from_start = open(alice, "/changes/stream?since=0");
    CHECK(change(*from_start).at("kind") == "created");
    CHECK(change(*from_start).at("version") == 2);
    // Live changes follow the ones already there.
    REQUIRE(put(path(id), {{"title", "Four"}}, alice).status == 200);
    CHECK(change(*resumed).at("version") == 5);
  }

  TEST_CASE_FIXTURE(StreamFixture,
                    "a stream resumed from far back sends its whole backlog, more than a stream "
                    "may queue, on one connection, exactly once and in order, then goes live") {
    const std::string alice = user("alice");
    const std::int64_t seeded = event(alice, "Seed");
    // Far more than the stream's 1 MiB queue plus what loopback TCP buffers (its send buffer
    // grows to 4 MiB): ~8.7 MB of events. The feed's rows are written directly, as 70,000
    // writes through the API would take minutes on PostgreSQL; the stream reads the rows the
    // same however they were written.
    constexpr int kBacklog = 70'000;
    {
      const std::string who = std::to_string(store.auth().authenticate(alice).user_id);
      const std::string rows =
          on_postgres() ? fmt::format(
                              "SELECT nextval('changes_seq'), {}, 'updated', 2, (SELECT max(at) "
                              "FROM changes), {} FROM generate_series(1, {})",
                              seeded, who, kBacklog)
                        : fmt::format(
                              "SELECT NULL, {}, 'updated', 2, (SELECT max(at) FROM changes), {} "
                              "FROM (WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM "
                              "g WHERE i < {}) SELECT i FROM g)",
                              seeded, who, kBacklog);
      RawDb raw(dir / "test.db");
      raw.exec("BEGIN; INSERT INTO changes(seq, event_id, kind, version, at, actor) " + rows +
               "; INSERT INTO change_audience(user_id, seq) SELECT " + who +
               ", seq FROM changes WHERE kind = 'updated'; COMMIT;");
    }
    std::vector<json> expected;  // /changes from the start, page by page
    std::string cursor = "0";
    const auto read_changes = [&] {
      for (;;) {
        const Reply page = get("/changes?limit=1000&since=" + cursor, alice);
        REQUIRE(page.status == 200);
        for (const json& c : page.body.at("changes")) expected.push_back(c);
        cursor = page.body.at("cursor").get<std::string>();
        if (!page.body.at("more").get<bool>()) break;
      }
    };
    read_changes();
    REQUIRE(expected.size() == kBacklog + 1);  // and the seed's own creation

    // A small receive buffer: what the client has not read stays on the server's side. Nothing
    // is read until a live stream has seen a marker: by then the feed has delivered anything
    // it had for the resumed stream (the backlog, all of it, were it subscribed at once).
    auto watcher = open(alice);
    auto stream = open(alice, "/changes/stream", {{"Last-Event-ID", "0"}}, 4096);
    REQUIRE(watcher->status() == 200);
    REQUIRE(stream->status() == 200);
    const auto marker = event(alice, "Marker");
    CHECK(change(*watcher).at("event_id") == marker);
    read_changes();  // the marker too
    REQUIRE(expected.size() == kBacklog + 2);
    std::size_t bytes = 0;
    std::size_t in_order = 0;  // events equal to the expected one at their position
    std::size_t received = 0;
    while (received < expected.size()) {
      const auto e = stream->next();
      REQUIRE_MESSAGE(e, "the stream ended after " << received << " of " << expected.size());
      bytes += fmt::format("id: {}\nevent: change\ndata: {}\n\n", e->id, e->data).size();
      const json& want = expected[received++];
      if (e->event == "change" && json::parse(e->data) == want &&
          e->id == std::to_string(want.at("seq").get<std::int64_t>())) {
        ++in_order;
      }
    }
    CHECK(bytes > 6 * 1024 * 1024);
    CHECK(in_order == expected.size());
    CHECK_FALSE(stream->ended());
    CHECK(server.open_streams() == 2);
    // Then live, with nothing repeated at the hand-over.
    const auto after = event(alice, "After");
    const json live = change(*stream);
    CHECK(live.at("event_id") == after);
    CHECK(live.at("seq").get<std::int64_t>() == expected.back().at("seq").get<std::int64_t>() + 1);
  }

  TEST_CASE_FIXTURE(StreamFixture,
                    "a stranger's stream receives nothing about any event, in every kind of "
                    "change; a user who loses access gets unshared and then nothing more") {
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const std::string carol = user("carol");
    auto bobs = open(bob);
    auto carols = open(carol);
    REQUIRE(carols->status() == 200);

    const auto id = event(alice);                                       // created
    REQUIRE(put(path(id), {{"title", "Daily"}}, alice).status == 200);  // updated
    REQUIRE(
        post(path(id, "/share"), {{"username", "bob"}, {"permission", "write"}}, alice).status ==
        201);                                                          // shared
    REQUIRE(put(path(id), {{"title", "Weekly"}}, bob).status == 200);  // updated by bob
    REQUIRE(post(path(id, "/share"), {{"username", "bob"}, {"permission", "read"}}, alice).status ==
            200);                                                         // permission changed
    REQUIRE(send("POST", path(id, "/rollback/1"), alice).status == 200);  // rollback: updated
    REQUIRE(del(path(id, "/permissions/" + std::to_string(user_id(bob))), alice).status == 204);
    REQUIRE(put(path(id), {{"title", "Secret"}}, alice).status == 200);  // after bob's access
    REQUIRE(post(path(id, "/share"), {{"username", "dave-does-not-exist"}, {"permission", "read"}},
                 alice)
                .status == 404);
    const auto other = event(alice);
    REQUIRE(del(path(other), alice).status == 204);  // deleted
    REQUIRE(del(path(id), alice).status == 204);

    // Markers: each reader's own next change. Anything before it would be a leak.
    const auto bob_marker = event(bob, "Bob's");
    const auto carol_marker = event(carol, "Carol's");
    const json c = change(*carols);
    CHECK(c.at("event_id") == carol_marker);
    CHECK(c.at("kind") == "created");

    std::vector<std::string> kinds;
    for (;;) {
      const json b = change(*bobs);
      if (b.at("event_id") == bob_marker) break;
      CHECK(b.at("event_id") == id);
      kinds.push_back(b.at("kind").get<std::string>());
      REQUIRE(kinds.size() < 10);
    }
    CHECK(kinds == std::vector<std::string>{"shared", "updated", "shared", "updated", "unshared"});
  }

  TEST_CASE_FIXTURE(StreamFixture,
                    "bad and expired cursors, and a missing token, are ordinary JSON errors "
                    "before any stream") {
    std::string alice = user("alice");
    for (auto& [target, headers] :
         std::vector<std::pair<std::string, std::map<std::string, std::string>>>{
             {"/changes/stream?since=abc", {}},
             {"/changes/stream", {{"Last-Event-ID", "99"}}},
             {"/changes/stream?since=0", {{"Last-Event-ID", "nope"}}}}) {
      CAPTURE(target);
      auto s = open(alice, target, headers);
      CHECK(s->status() == 422);
      CHECK(s->header("Content-Type") == "application/json");
      CHECK(json::parse(s->rest()).contains("detail"));
    }
    auto anonymous =
        std::make_unique<SseClient>(port, "/changes/stream", std::map<std::string, std::string>{});
    CHECK(anonymous->status() == 401);

    event(alice);
    event(alice);
    // A cursor with a change after it that will be pruned.
    const std::string old = get("/changes?limit=1", alice).body.at("cursor").get<std::string>();
    clock.advance(31 * 86'400);
    const Reply login =
        post("/auth/login", {{"username", "alice"}, {"password", "password-alice"}});
    alice = login.body.at("access_token").get<std::string>();
    event(alice);  // prunes the old changes
    event(alice);
    auto gone = open(alice, "/changes/stream", {{"Last-Event-ID", old}});
    CHECK(gone->status() == 410);
    CHECK(json::parse(gone->rest()).at("detail").get<std::string>().find("older than") !=
          std::string::npos);
    CHECK(streams_become(0));
  }

  TEST_CASE_FIXTURE(StreamFixture,
                    "a client that disconnects frees its stream and subscription at once") {
    const std::string alice = user("alice");
    auto a = open(alice);
    auto b = open(alice);
    REQUIRE(a->status() == 200);
    REQUIRE(b->status() == 200);
    CHECK(streams_become(2));
    a->close();
    CHECK(streams_become(1));
    b->close();
    CHECK(streams_become(0));
    // The others are not disturbed: a new stream still gets changes.
    auto c = open(alice);
    event(alice);
    CHECK(change(*c).at("kind") == "created");
  }

  TEST_CASE_FIXTURE(StreamFixture,
                    "keep-alive comments arrive, and the stream ends when its token expires or is "
                    "revoked") {
    const std::string alice = user("alice");
    auto expiring = open(alice);
    REQUIRE(expiring->status() == 200);
    CHECK(expiring->wait_for_comment());
    CHECK(expiring->wait_for_comment());
    CHECK_FALSE(expiring->ended());
    clock.advance(31 * 60);  // past the 30-minute access token
    CHECK(expiring->wait_for_end());

    const std::string bob = user("bob");
    auto revoked = open(bob);
    REQUIRE(revoked->status() == 200);
    REQUIRE(send("POST", "/auth/logout", bob).status == 204);
    CHECK(revoked->wait_for_end());
    CHECK(streams_become(0));
  }

  TEST_CASE_FIXTURE(StreamFixture,
                    "a reader that stops reading loses its stream, never holding back writers or "
                    "other streams") {
    const std::string alice = user("alice");
    auto stalled = open(alice, "/changes/stream", {}, 4096);  // never read from again
    auto reading = open(alice);
    REQUIRE(stalled->status() == 200);
    REQUIRE(reading->status() == 200);
    REQUIRE(streams_become(2));
    // Batches of 1,000 events: far more than the socket buffers and the stream's 1 MiB queue.
    json batch = json::array();
    for (int i = 0; i < 1000; ++i) {
      batch.push_back({{"title", "Event " + std::to_string(i)},
                       {"start_time", "2026-05-04T09:00:00Z"},
                       {"end_time", "2026-05-04T09:15:00Z"}});
    }
    std::size_t received = 0;
    for (int round = 0; round < 100 && server.open_streams() == 2; ++round) {
      REQUIRE(post("/events/batch", batch, alice).status == 201);
      while (received < static_cast<std::size_t>(round + 1) * 1000) {
        REQUIRE(change(*reading).at("kind") == "created");
        ++received;
      }
    }
    // The stalled stream was dropped (its subscription released); the reading one goes on.
    CHECK(streams_become(1));
    CHECK_FALSE(reading->ended());
    event(alice, "After");
    CHECK(change(*reading).at("kind") == "created");
  }

  TEST_CASE_FIXTURE(StreamFixture, "stop() ends open streams promptly") {
    const std::string alice = user("alice");
    auto s = open(alice);
    REQUIRE(s->status() == 200);
    server.stop();
    CHECK(s->wait_for_end());
    CHECK(streams_become(0));
  }
}
