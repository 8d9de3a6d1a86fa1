// SPDX-License-Identifier: MIT
// The CLI works while `serve` runs: CLI processes, HTTP clients of a running `eventcollab
// serve` and threads of the test's own Store all update the same events with expected
// versions. No update is lost, every caller sees whole versions, nobody sees "database is
// locked", and serve stops cleanly on SIGTERM.
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

struct Ledger {
  std::mutex mutex;
  std::map<EventId, std::vector<std::int64_t>> versions;
  std::vector<std::string> errors;
  void ok(EventId id, std::int64_t v) {
    std::lock_guard lock(mutex);
    versions[id].push_back(v);
  }
  void error(std::string what) {
    std::lock_guard lock(mutex);
    errors.push_back(std::move(what));
  }
};

}  // namespace

TEST_SUITE("reliability.concurrency") {
  TEST_CASE("CLI processes beside a running serve and library threads lose no update") {
    CliWorld w;
    const std::string token = w.user("alice");
    const Principal alice = w.store.auth().authenticate(token);
    std::vector<EventId> ids;
    for (const char* title : {"one", "two"}) {
      ids.push_back(w.store.events()
                        .create(alice, {.title = title,
                                        .start = at("2026-05-01T09:00:00Z"),
                                        .end = at("2026-05-01T10:00:00Z")})
                        .id);
    }
    ServeChild serve(w.env, w.dir.path());
    const int port = serve.port();
    Ledger ledger;

    auto cli_updater = [&](int seed) {
      for (int done = 0, attempts = 0; done < 4 && attempts < 40; ++attempts) {
        const EventId id = ids[static_cast<std::size_t>(seed + attempts) % ids.size()];
        const ProcessResult shown = w.cli({"--json", "event", "show", std::to_string(id)}, token);
        if (shown.exit_code != 0) return ledger.error("cli show: " + shown.err);
        const auto version = json::parse(shown.out)["version"].get<std::int64_t>();
        const ProcessResult r = w.cli({"--json", "event", "update", std::to_string(id), "--title",
                                       "cli" + std::to_string(seed) + "-" + std::to_string(done),
                                       "--if-version", std::to_string(version)},
                                      token);
        if (r.exit_code == 0) {
          ledger.ok(id, json::parse(r.out)["version"].get<std::int64_t>());
          ++done;
        } else if (r.exit_code != 7) {  // 7: conflict, try again
          return ledger.error("cli update exit " + std::to_string(r.exit_code) + ": " + r.err);
        }
      }
    };
    auto http_updater = [&](int seed) {
      httplib::Client client("127.0.0.1", port);
      const httplib::Headers auth{{"Authorization", "Bearer " + token}};
      for (int done = 0, attempts = 0; done < 8 && attempts < 80; ++attempts) {
        const EventId id = ids[static_cast<std::size_t>(seed + attempts) % ids.size()];
        const std::string path = "/events/" + std::to_string(id);
        auto got = client.Get(path.c_str(), auth);
        if (!got || got->status != 200) return ledger.error("http get failed");
        httplib::Headers h = auth;
        h.emplace("If-Match", got->get_header_value("ETag"));
        const json body = {{"title", "http" + std::to_string(seed) + "-" + std::to_string(done)}};
        auto put = client.Put(path.c_str(), h, body.dump(), "application/json");
        if (!put) return ledger.error("http put: no response");
        if (put->status == 200) {
          ledger.ok(id, json::parse(put->body)["version"].get<std::int64_t>());
          ++done;
        } else if (put->status != 412) {  // a stale If-Match: a failed precondition
          return ledger.error("http put " + std::to_string(put->status) + ": " + put->body);
        }
      }
    };
    auto library_updater = [&](int seed) {
      for (int done = 0; done < 8;) {
        const EventId id = ids[static_cast<std::size_t>(seed + done) % ids.size()];
        try {
          const Event e = w.store.events().get(alice, id);
          const Event after = w.store.events().update(
              alice, id, {.title = "lib" + std::to_string(seed) + "-" + std::to_string(done)},
              e.version);
          ledger.ok(id, after.version);
          ++done;
        } catch (const Error& err) {
          if (err.code() != Errc::conflict)
            return ledger.error(std::string("library: ") + err.what());
        }
      }
    };
    {
      std::vector<std::thread> threads;
      for (int i = 0; i < 2; ++i) {
        threads.emplace_back(cli_updater, i);
        threads.emplace_back(http_updater, i);
        threads.emplace_back(library_updater, i);
      }
      for (auto& t : threads) t.join();
    }
    for (const auto& e : ledger.errors) FAIL_CHECK(e);
    std::size_t total = 0;
    for (const EventId id : ids) {
      CAPTURE(id);
      auto& versions = ledger.versions[id];
      total += versions.size();
      const Event final_state = w.store.events().get(alice, id);
      CHECK(final_state.version == 1 + static_cast<std::int64_t>(versions.size()));
      const std::set<std::int64_t> unique(versions.begin(), versions.end());
      CHECK(unique.size() == versions.size());
      // Every version is whole: its snapshot is one of the titles somebody wrote.
      for (const auto& v : w.store.history().list(alice, id)) {
        CHECK((v.number == 1 || v.title.starts_with("cli") || v.title.starts_with("http") ||
               v.title.starts_with("lib")));
      }
    }
    CHECK(total == 2 * 4 + 2 * 8 + 2 * 8);
    CHECK(w.store.check().ok());

    std::string err;
    CHECK(serve.stop(&err) == 0);
    CHECK(err.find("locked") == std::string::npos);
  }
}

#endif
