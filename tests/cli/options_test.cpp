// SPDX-License-Identifier: MIT
// Global options and their precedence, password input, help and human output of the binary.
#include "support/cli_fixture.hpp"

using namespace eventcollab::test;

TEST_SUITE("cli") {
  TEST_CASE_FIXTURE(CliFixture,
                    "--token wins over EVENTCOLLAB_TOKEN, which is used when no option is given") {
    const std::string alice = user("alice");
    const std::string bob = user("bob");
    env["EVENTCOLLAB_TOKEN"] = bob;
    CHECK(cli_json({"whoami"})["username"] == "bob");
    CHECK(cli_json({"--token", alice, "whoami"})["username"] == "alice");
    CHECK(cli_json({"whoami", "--token", alice})["username"] == "alice");  // after the command too
  }

  TEST_CASE_FIXTURE(CliFixture, "--db wins over DATABASE_URL, which wins over .env") {
    env.erase("DATABASE_URL");
    { std::ofstream(dir / ".env") << "# test settings\nDATABASE_URL=sqlite:///from-dotenv.db\n"; }
    cli_json({"init"});
    CHECK(std::filesystem::exists(dir / "from-dotenv.db"));

    env["DATABASE_URL"] = (dir / "from-env.db").string();
    cli_json({"init"});
    CHECK(std::filesystem::exists(dir / "from-env.db"));

    cli_json({"--db", "sqlite:///from-option.db", "init"});
    CHECK(std::filesystem::exists(dir / "from-option.db"));
    cli_json({"init", "--db", (dir / "absolute.db").string()});
    CHECK(std::filesystem::exists(dir / "absolute.db"));
  }

  TEST_CASE_FIXTURE(CliFixture, "without DATABASE_URL or .env the database is ./eventcollab.db") {
    env.erase("DATABASE_URL");
    cli_json({"init"});
    CHECK(std::filesystem::exists(dir / "eventcollab.db"));
  }

  TEST_CASE_FIXTURE(
      CliFixture,
      "passwords come from stdin only with --password-stdin, never from a pipe silently") {
    const ProcessResult no_flag = run({"user", "register", "alice"}, "password-alice\n");
    CHECK(no_flag.exit_code == 2);
    CHECK(no_flag.err.find("--password-stdin") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "test.db"));  // nothing was opened

    const ProcessResult empty = run({"user", "register", "alice", "--password-stdin"});
    CHECK(empty.exit_code == 2);

    // The first line is the password; a CRLF line ending is not part of it.
    register_user("alice");
    CHECK(run({"login", "alice", "--password-stdin", "-q"}, "password-alice\r\nignored\n")
              .exit_code == 0);
    CHECK(run({"login", "alice", "--password"}, "").exit_code == 109);  // no such option
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "login --quiet prints just the token, for export EVENTCOLLAB_TOKEN=$(...)") {
    register_user("alice");
    const ProcessResult r =
        run({"login", "alice", "--password-stdin", "--quiet"}, "password-alice");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    REQUIRE(r.out.ends_with("\n"));
    const std::string token = r.out.substr(0, r.out.size() - 1);
    CHECK(token.find_first_of(" \t\n") == std::string::npos);
    CHECK(std::count(token.begin(), token.end(), '.') == 2);  // a JWT
    env["EVENTCOLLAB_TOKEN"] = token;
    CHECK(cli_json({"whoami"})["username"] == "alice");
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "--quiet prints the new id of a created event and --json excludes it") {
    const std::string alice = user("alice");
    const ProcessResult r = run({"--token", alice, "-q", "event", "create", "--title", "T",
                                 "--start", kCliStart, "--end", kCliEnd});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "1\n");
    CHECK(run({"--json", "--quiet", "version"}).exit_code == 108);
  }

  TEST_CASE_FIXTURE(CliFixture, "human output shows aligned tables and readable UTC times") {
    const std::string alice = user("alice");
    cli_json({"--token", alice, "event", "create", "--title", "Café", "--start",
              "2026-05-01T11:00:00+02:00", "--end", "2026-05-01T12:30:00+02:00", "--location",
              "Room\x1b[31m 1"});
    create_event(alice, "Standup");
    const ProcessResult r = run({"--token", alice, "event", "list"});
    REQUIRE(r.exit_code == 0);
    INFO(r.out);
    std::istringstream lines(r.out);
    std::string header, first, second;
    std::getline(lines, header);
    std::getline(lines, first);
    std::getline(lines, second);
    CHECK(header.starts_with("ID  START"));
    CHECK(first.find("2026-05-01 09:00 UTC") != std::string::npos);
    CHECK(second.find("2026-05-01 09:00 UTC") != std::string::npos);
    // Columns line up: TITLE starts at the same place in every row.
    CHECK(header.find("TITLE") == first.find("Café") - 0);
    CHECK(r.out.find('\x1b') == std::string::npos);  // terminal escapes are not passed through
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "--help on every level shows examples, and the root lists exit codes") {
    const ProcessResult root = run({"--help"});
    CHECK(root.exit_code == 0);
    CHECK(root.out.find("Exit codes:") != std::string::npos);
    CHECK(root.out.find("not found") != std::string::npos);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"event", "--help"},
                                                 {"event", "create", "--help"},
                                                 {"event", "update", "--help"},
                                                 {"share", "--help"},
                                                 {"share", "add", "--help"},
                                                 {"history", "--help"},
                                                 {"history", "diff", "--help"},
                                                 {"login", "--help"},
                                                 {"user", "register", "--help"},
                                                 {"migrate", "--help"},
                                                 {"check", "--help"}}) {
      const ProcessResult r = run(args);
      INFO(args[0] << " " << args[1]);
      CHECK(r.exit_code == 0);
      CHECK(r.out.find("Examples:") != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(dir / "test.db"));
  }

  TEST_CASE_FIXTURE(CliFixture, "a missing subcommand is a usage error with CLI11's code") {
    const ProcessResult r = run({"event"});
    CHECK(r.exit_code == 106);
    CHECK(r.err.starts_with("error: "));
    CHECK(r.err.find("eventcollab event --help") != std::string::npos);
  }
}
