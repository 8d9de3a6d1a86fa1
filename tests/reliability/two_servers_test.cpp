// SPDX-License-Identifier: MIT
// Two `eventcollab serve` processes on one database (a shared file on SQLite, one server
// database on PostgreSQL: the deployment shape for several hosts) take racing updates and
// shares through both. No update is lost, every stale write is 409, every event's versions
// are 1..n without a gap, and each share exists once with the last permission written.
#if defined(EVENTCOLLAB_CLI_PATH) && defined(EVENTCOLLAB_HAVE_HTTP)

#include <httplib.h>

#include <mutex>
#include <set>
#include <thread>

#include "support/cli_fixture.hpp"
#include "support/serve_child.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

constexpr int kWritersPerServer = 3;
constexpr int kUpdatesPerWriter = 10;

struct Tally {
  std::mutex mutex;
  std::map<EventId, std::set<std::int64_t>> versions;  // committed, as the servers answered
  std::vector<std::string> errors;
  int stale = 0;
  void ok(EventId id, std::int64_t v) {
    std::lock_guard lock(mutex);
    if (!versions[id].insert(v).second) errors.push_back("version handed out twice");
  }
  void error(std::string what) {
    std::lock_guard lock(mutex);
    errors.push_back(std::move(what));
  }
  void conflict() {
    std::lock_guard lock(mutex);
    ++stale;
  }
};

}  // namespace

TEST_SUITE("reliability.concurrency") {
  TEST_CASE("two servers on one database lose no update and answer every stale write 409") {
    CliWorld w;
    const std::string token = w.user("alice");
    for (const char* name : {"bob", "carol", "dave"}) w.user(name);
    const Principal alice = w.store.auth().authenticate(token);
    std::vector<EventId> ids;
    for (const char* title : {"one", "two"}) {
      ids.push_back(w.store.events()
                        .create(alice, {.title = title,
                                        .start = at("2026-05-01T09:00:00Z"),
                                        .end = at("2026-05-01T10:00:00Z")})
                        .id);
    }
    ServeChild first(w.env, w.dir.path());
    ServeChild second(w.env, w.dir.path());
    const httplib::Headers auth{{"Authorization", "Bearer " + token}};
    Tally tally;

    // Reads the version from one server and writes through the other, so every update races
    // the writers of both processes.
    auto updater = [&](int seed) {
      httplib::Client read_from("127.0.0.1", seed % 2 ? first.port() : second.port());
      httplib::Client write_to("127.0.0.1", seed % 2 ? second.port() : first.port());
      for (int done = 0, attempts = 0; done < kUpdatesPerWriter && attempts < 400; ++attempts) {
        const EventId id = ids[static_cast<std::size_t>(seed + attempts) % ids.size()];
        const std::string path = "/events/" + std::to_string(id);
        auto got = read_from.Get(path.c_str(), auth);
        if (!got || got->status != 200) return tally.error("get failed");
        const auto version = json::parse(got->body)["version"].get<std::int64_t>();
        const json body = {{"title", "w" + std::to_string(seed) + "-" + std::to_string(done)},
                           {"version", version}};
        auto put = write_to.Put(path.c_str(), auth, body.dump(), "application/json");
        if (!put) return tally.error("put: no response");
        if (put->status == 200) {
          tally.ok(id, json::parse(put->body)["version"].get<std::int64_t>());
          ++done;
        } else if (put->status == 409) {
          tally.conflict();
        } else {
          return tally.error("put " + std::to_string(put->status) + ": " + put->body);
        }
      }
    };
    // Shares the first event with the same users through both servers at once.
    auto sharer = [&](int seed) {
      httplib::Client client("127.0.0.1", seed % 2 ? first.port() : second.port());
      const std::string path = "/events/" + std::to_string(ids[0]) + "/share";
      for (int i = 0; i < 20; ++i) {
        const std::string user = std::vector<std::string>{"bob", "carol", "dave"}[i % 3];
        const std::string permission = (i + seed) % 2 ? "write" : "read";
        auto r = client.Post(path.c_str(), auth,
                             json{{"username", user}, {"permission", permission}}.dump(),
                             "application/json");
        if (!r || (r->status != 200 && r->status != 201)) {
          return tally.error("share: " + (r ? std::to_string(r->status) + r->body : "none"));
        }
      }
    };
    {
      std::vector<std::thread> threads;
      for (int i = 0; i < 2 * kWritersPerServer; ++i) threads.emplace_back(updater, i);
      for (int i = 0; i < 2; ++i) threads.emplace_back(sharer, i);
      for (auto& t : threads) t.join();
    }
    for (const auto& e : tally.errors) FAIL_CHECK(e);
    MESSAGE(tally.stale << " stale writes answered 409");

    std::size_t total = 0;
    for (const EventId id : ids) {
      CAPTURE(id);
      const auto& committed = tally.versions[id];
      total += committed.size();
      const Event now = w.store.events().get(alice, id);
      CHECK(now.version == 1 + static_cast<std::int64_t>(committed.size()));
      std::int64_t expected = 1;
      for (const auto& v : w.store.history().list(alice, id)) CHECK(v.number == expected++);
      CHECK(expected == now.version + 1);
    }
    CHECK(total == static_cast<std::size_t>(2 * kWritersPerServer * kUpdatesPerWriter));
    const auto shares = w.store.sharing().list(alice, ids[0]);
    std::set<std::string> shared_with;
    for (const auto& s : shares) CHECK(shared_with.insert(s.username).second);
    CHECK(shared_with.size() == 4);  // the owner and three users, once each
    CHECK(w.store.check().ok());
    CHECK(first.stop() == 0);
    CHECK(second.stop() == 0);
  }
}

#endif
