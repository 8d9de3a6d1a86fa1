// SPDX-License-Identifier: MIT
// Exit codes of the real binary, one per error kind, and bad input that leaves the database
// untouched.
#include <sqlite3.h>

#include "support/cli_fixture.hpp"
#include "support/raw_sqlite.hpp"

using namespace eventcollab::test;

namespace {

// Checks the exit code and the one-line `error: ...` on stderr, with nothing on stdout.
void check_error(const ProcessResult& r, int code, std::string_view message_part = {}) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == code);
  CHECK(r.out.empty());
  CHECK(r.err.starts_with("error: "));
  CHECK(r.err.find('\n') == r.err.size() - 1);
  if (!message_part.empty()) CHECK(r.err.find(message_part) != std::string::npos);
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE_FIXTURE(CliFixture, "each error kind exits with its documented code") {
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    const std::string id = std::to_string(create_event(alice)["id"].get<int>());

    SUBCASE("invalid_argument is 3") {
      check_error(run({"--token", alice, "event", "create", "--title", "T", "--start", kCliEnd,
                       "--end", kCliStart}),
                  3);
      check_error(run({"--token", alice, "share", "add", id, "bob", "--permission", "owner"}), 3);
    }
    SUBCASE("unauthenticated is 4") {
      check_error(run({"event", "list"}), 4, "EVENTCOLLAB_TOKEN");
      check_error(run({"--token", "not-a-token", "event", "list"}), 4);
      check_error(run({"login", "alice", "--password-stdin"}, "wrong-password"), 4);
    }
    SUBCASE("forbidden is 5 and not_found is 6") {
      run({"--token", alice, "share", "add", id, "bob", "--permission", "read"});
      check_error(run({"--token", bob, "event", "update", id, "--title", "Mine"}), 5);
      check_error(run({"--token", bob, "history", "rollback", id, "1"}), 5);
      check_error(run({"--token", bob, "event", "delete", id}), 5);
      const std::string carol = user("carol");
      check_error(run({"--token", carol, "event", "show", id}), 6);
      check_error(run({"--token", alice, "event", "show", "999"}), 6, "not found");
      check_error(run({"--token", alice, "history", "show", id, "7"}), 6);
      check_error(run({"--token", alice, "share", "add", id, "nobody", "-p", "read"}), 6);
    }
    SUBCASE("conflict is 7") {
      check_error(run({"user", "register", "ALICE", "--password-stdin"}, "password-x"), 7);
      run({"--token", alice, "event", "update", id, "--title", "v2"});
      check_error(
          run({"--token", alice, "event", "update", id, "--title", "v3", "--if-version", "1"}), 7);
      CHECK(cli_json({"--token", alice, "event", "show", id})["title"] == "v2");
    }
    SUBCASE("rate_limited is 8, even with the right password") {
      for (int i = 0; i < 5; ++i) run({"login", "bob", "--password-stdin"}, "wrong-password");
      check_error(run({"login", "bob", "--password-stdin"}, password("bob")), 8);
    }
  }

  TEST_CASE_FIXTURE(CliFixture, "a foreign file is refused with exit 9 and left byte-identical") {
    SQLITE_ONLY();
    { std::ofstream(dir / "test.db") << "this is not a database, just some text padding it out."; }
    const std::string before = file_bytes(dir / "test.db");
    check_error(run({"init"}), 9);
    check_error(run({"migrate", "--status"}), 9);
    check_error(run({"migrate"}), 9);
    CHECK(file_bytes(dir / "test.db") == before);
  }

  TEST_CASE_FIXTURE(CliFixture, "a database that cannot be opened is a storage error, exit 10") {
    env["DATABASE_URL"] = (dir / "missing-dir" / "test.db").string();
    check_error(run({"init"}), 10);
  }

  TEST_CASE_FIXTURE(CliFixture, "check reports each broken invariant and exits 11") {
    const std::string alice = user("alice");
    create_event(alice);
    // Change the event behind the library's back: it no longer equals its latest snapshot.
    RawDb(db).exec("UPDATE events SET title = 'tampered'");
    const ProcessResult human = run({"check"});
    CHECK(human.exit_code == 11);
    CHECK(human.out.find("problem: event 1") != std::string::npos);
    const ProcessResult json = run({"--json", "check"});
    CHECK(json.exit_code == 11);
    const auto report = nlohmann::json::parse(json.out);
    CHECK(report["ok"] == false);
    CHECK_FALSE(report["problems"].empty());
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "bad input gives a clear message and changes nothing in the database") {
    const std::string alice = user("alice");
    const std::string id = std::to_string(create_event(alice)["id"].get<int>());
    {
      std::ofstream(dir / "broken.json") << R"([{"title": "A", )";
      std::ofstream(dir / "bad-item.json")
          << R"([{"title": "A", "start_time": "2026-05-01T09:00:00Z", "end_time": "2026-05-01T10:00:00Z"},
                 {"title": "", "start_time": "2026-05-01T09:00:00Z", "end_time": "2026-05-01T10:00:00Z"}])";
    }
    const std::string before = db_bytes();

    struct Case {
      std::vector<std::string> args;
      int code;
      std::string message;
    };
    const std::vector<Case> cases = {
        {{"event", "list", "--bogus"}, 109, "--bogus"},
        {{"event", "create", "--start", kCliStart, "--end", kCliEnd}, 106, "--title is required"},
        {{"event", "create", "--title", "T", "--start", "tomorrow", "--end", kCliEnd},
         3,
         "--start"},
        {{"event", "create", "--title", "T", "--start", "2026-05-01T09:00:00", "--end", kCliEnd},
         3,
         "--start"},
        {{"event", "create", "--title", "", "--start", kCliStart, "--end", kCliEnd}, 3, "title"},
        {{"event", "update", id, "--end", "2026-13-01T00:00:00Z"}, 3, "--end"},
        {{"event", "show", "12345"}, 6, "not found"},
        {{"event", "show", "abc"}, 3, "ID must be an integer"},
        {{"history", "diff", id, "1", "9"}, 6, ""},
        {{"event", "list", "--limit", "0"}, 3, "limit"},
        {{"event", "batch", "broken.json"}, 2, "broken.json: malformed JSON input (at byte"},
        {{"event", "batch", "no-such-file.json"}, 2, "no-such-file.json"},
        {{"event", "batch", "bad-item.json"}, 3, "item 1"},
        {{"share", "add", id, "nobody", "--permission", "read"}, 6, "nobody"},
        {{"frobnicate"}, 109, "unknown command 'frobnicate'"},
        {{"event", "frobnicate"}, 109, "unknown command 'frobnicate'"},
    };
    for (const auto& c : cases) {
      std::vector<std::string> args{"--token", alice};
      args.insert(args.end(), c.args.begin(), c.args.end());
      const ProcessResult r = run(args);
      std::string shown;
      for (const auto& a : c.args) shown += a + " ";
      INFO("args: " << shown << "\nstderr: " << r.err);
      CHECK(r.exit_code == c.code);
      CHECK(r.out.empty());
      CHECK(r.err.starts_with("error: "));
      CHECK(r.err.find(c.message) != std::string::npos);
    }
    CHECK(db_bytes() == before);
    CHECK(cli_json({"--token", alice, "event", "list"}).size() == 1);
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "ids and version numbers past int64, negative or not numbers exit 3 and "
                    "change nothing") {
    const std::string alice = user("alice");
    user("bob");
    const std::string id = std::to_string(create_event(alice)["id"].get<int>());
    run({"--token", alice, "share", "add", id, "bob", "-p", "read"});
    const std::string before = db_bytes();

    // "--" ends the options, so a leading '-' reaches the command as the value itself.
    // CLI11 2.1 alone would clamp the first one to 9223372036854775807.
    const std::vector<std::string> bad_ids = {"9223372036854775808",
                                              "99999999999999999999",
                                              "-1",
                                              "abc",
                                              "0",
                                              "1e3",
                                              "+1",
                                              "0x1",
                                              " 1",
                                              "1.0",
                                              ""};
    using Args = std::vector<std::string>;
    for (const auto& bad : bad_ids) {
      const std::vector<Args> commands = {
          {"event", "show", "--", bad},
          {"event", "delete", "--", bad},
          {"event", "update", "--title", "changed", "--", bad},
          {"history", "list", "--", bad},
          {"history", "show", "--", bad, "1"},
          {"history", "diff", "--", bad, "1", "2"},
          {"history", "changelog", "--", bad},
          {"history", "rollback", "--", bad, "1"},
          {"share", "add", "-p", "write", "--", bad, "bob"},
          {"share", "list", "--", bad},
          {"share", "set", "--", bad, "bob", "write"},
          {"share", "remove", "--", bad, "bob"},
      };
      for (const auto& command : commands) {
        Args args{"--token", alice};
        args.insert(args.end(), command.begin(), command.end());
        std::string shown;
        for (const auto& a : command) shown += "'" + a + "' ";
        CAPTURE(shown);
        check_error(run(args), 3, "ID must be an integer from 1 to 9223372036854775807");
      }
    }
    // Version numbers, skip and limit: the same reading, naming the argument; 0 is a number
    // here (no such version: 6).
    const std::vector<std::pair<Args, std::string>> numbers = {
        {{"history", "show", "--", id, "9223372036854775808"}, "N must"},
        {{"history", "show", "--", id, "-1"}, "N must"},
        {{"history", "diff", "--", id, "x", "2"}, "A must"},
        {{"history", "diff", "--", id, "1", "18446744073709551617"}, "B must"},
        {{"history", "rollback", "--", id, "-2"}, "N must"},
        {{"event", "update", id, "--title", "changed", "--if-version", "9223372036854775808"},
         "--if-version must"},
        {{"event", "update", id, "--title", "changed", "--if-version=-1"}, "--if-version must"},
        {{"event", "list", "--skip", "9223372036854775808"}, "--skip must"},
        {{"event", "list", "--limit=-5"}, "--limit must"},
        {{"event", "list", "--limit", "ten"}, "--limit must"},
    };
    for (const auto& [command, message] : numbers) {
      Args args{"--token", alice};
      args.insert(args.end(), command.begin(), command.end());
      std::string shown;
      for (const auto& a : command) shown += "'" + a + "' ";
      CAPTURE(shown);
      check_error(run(args), 3, message);
    }
    CHECK(db_bytes() == before);
    // The largest valid values are accepted as numbers and reach the library.
    check_error(run({"--token", alice, "event", "show", "9223372036854775807"}), 6);
    check_error(run({"--token", alice, "history", "show", id, "9223372036854775807"}), 6);
    check_error(run({"--token", alice, "history", "rollback", id, "0"}), 6);
    CHECK(cli_json({"--token", alice, "event", "show", "00" + id})["title"] == "Standup");
    CHECK(cli_json({"--token", alice, "event", "list", "--skip", "0", "--limit", "1000"}).size() ==
          1);
    CHECK(db_bytes() == before);
  }
}
