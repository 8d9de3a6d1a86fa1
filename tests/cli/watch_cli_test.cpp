// SPDX-License-Identifier: MIT
// `eventcollab watch` of the real binary: it sees changes made by other processes on the same
// database, one flushed line each (JSON with --json), resumes with --since, and ends cleanly
// (exit 0) on SIGINT and SIGTERM.
#include <poll.h>
#include <signal.h>

#include <chrono>

#include "support/cli_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

// Reads the child's stdout until it holds `lines` complete lines (or 60 s pass).
std::string read_lines(Child& child, std::size_t lines, std::string& out) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto complete = [&] {
    return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
  };
  while (complete() < lines && std::chrono::steady_clock::now() < deadline) {
    pollfd p{child.stdout_fd(), POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(child.stdout_fd(), buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> docs;
  std::size_t from = 0;
  while (from < out.size()) {
    const auto nl = out.find('\n', from);
    if (nl == std::string::npos) break;
    docs.push_back(json::parse(out.substr(from, nl - from)));
    from = nl + 1;
  }
  return docs;
}

}  // namespace

TEST_SUITE("cli watch") {
  TEST_CASE_FIXTURE(CliFixture,
                    "watch --json prints a line per change made by another process, resumes "
                    "with --since, and exits 0 on SIGINT") {
    const std::string t = user("alice");
    const ProcessResult quiet = cli({"changes", "--quiet"}, t);
    REQUIRE(quiet.exit_code == 0);
    const std::string cursor = quiet.out.substr(0, quiet.out.size() - 1);

    auto e = env;
    e["EVENTCOLLAB_TOKEN"] = t;
    Child watcher({EVENTCOLLAB_CLI_PATH, "watch", "--json", "--since", cursor}, e, dir.path());
    const auto event = create_event(t);  // another process
    const std::string id = std::to_string(event.at("id").get<EventId>());
    REQUIRE(cli({"event", "update", id, "--title", "Daily"}, t).exit_code == 0);
    std::string out;
    read_lines(watcher, 2, out);
    const auto docs = json_lines(out);
    REQUIRE_MESSAGE(docs.size() == 2, out);
    CHECK(docs[0].at("kind") == "created");
    CHECK(docs[0].at("event_id") == event.at("id"));
    CHECK(docs[1].at("kind") == "updated");
    CHECK(docs[1].at("version") == 2);
    // Each line is the /changes entry plus its cursor.
    const json page = cli_json({"--token", t, "changes", "--since", cursor});
    REQUIRE(page.at("changes").size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
      json entry = docs[i];
      entry.erase("cursor");
      CHECK(entry == page.at("changes")[i]);
    }
    CHECK(docs[1].at("cursor") == page.at("cursor"));

    watcher.kill(SIGINT);
    const ProcessResult end = watcher.communicate();
    CHECK(end.signal == 0);
    CHECK(end.exit_code == 0);
    CHECK(end.err.empty());

    // Resume after the first line: only the update comes, then SIGTERM ends it cleanly.
    Child resumed({EVENTCOLLAB_CLI_PATH, "--json", "watch", "--since",
                   docs[0].at("cursor").get<std::string>()},
                  e, dir.path());
    std::string again;
    read_lines(resumed, 1, again);
    const auto more = json_lines(again);
    REQUIRE(more.size() == 1);
    CHECK(more[0].at("version") == 2);
    resumed.kill(SIGTERM);
    const ProcessResult ended = resumed.communicate();
    CHECK(ended.exit_code == 0);
    CHECK(ended.out.empty());  // nothing repeated
  }

  TEST_CASE_FIXTURE(CliFixture, "watch prints a human line per change; a bad cursor exits 3") {
    const std::string t = user("alice");
    const std::string cursor = [&] {
      const ProcessResult q = cli({"changes", "--quiet"}, t);
      return q.out.substr(0, q.out.size() - 1);
    }();
    auto e = env;
    e["EVENTCOLLAB_TOKEN"] = t;
    Child watcher({EVENTCOLLAB_CLI_PATH, "watch", "--since", cursor}, e, dir.path());
    const auto event = create_event(t);
    std::string out;
    read_lines(watcher, 1, out);
    CHECK(out.find("event " + std::to_string(event.at("id").get<EventId>()) + " created") !=
          std::string::npos);
    CHECK(out.find("cursor ") != std::string::npos);
    watcher.kill(SIGINT);
    CHECK(watcher.communicate().exit_code == 0);

    CHECK(cli({"watch", "--since", "abc"}, t).exit_code == 3);
    CHECK(cli({"watch"}).exit_code != 0);  // no token
  }
}
