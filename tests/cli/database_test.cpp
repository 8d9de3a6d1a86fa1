// SPDX-License-Identifier: MIT
// How the binary opens the database: read commands read-only (a 0444 file, a held write
// lock), only init/migrate/user register create a file, `check` never creates or writes and
// reports damage with exit 11, and --db/DATABASE_URL refuse what is not one file.
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>

#include "support/cli_fixture.hpp"

using namespace eventcollab::test;

namespace {

// Every file in `dir` with its bytes: "nothing created, nothing changed". Left out: the -shm
// file and an empty -wal, which a read-only reader of a WAL database may create (SQLite's
// design: they hold no data, and removing them under other readers would be unsafe).
std::string directory_state(const std::filesystem::path& dir) {
  std::string out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().string();
    if (name.ends_with("-shm") || (name.ends_with("-wal") && entry.file_size() == 0)) continue;
    out += entry.path().filename().string() + ":" + file_bytes(entry.path()) + "\n";
  }
  return out;
}

void check_error(const ProcessResult& r, int code, std::string_view message_part) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == code);
  CHECK(r.err.starts_with("error: "));
  CHECK(r.err.find(message_part) != std::string::npos);
}

// A fixture whose database holds a generated signing key (no SECRET_KEY), like a zero-config
// install: a read-write open then has to write (the key) and so needs the write lock.
struct GeneratedKeyFixture : CliFixture {
  std::string alice;
  GeneratedKeyFixture() {
    env.erase("SECRET_KEY");
    alice = user("alice");
    create_event(alice);
  }
};

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE_FIXTURE(CliFixture,
                    "check on a mistyped path exits 6, says to run init, creates "
                    "nothing") {
    const std::string typo = (dir / "tpyo.db").string();
    const ProcessResult r = run({"--db", typo, "check"});
    CHECK(r.exit_code == 6);
    CHECK(r.err == "error: no database at " + typo + " (run `eventcollab init`)\n");
    CHECK(std::filesystem::is_empty(dir.path()));
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "commands other than init, migrate and user register do not "
                    "create a database") {
    SQLITE_ONLY();
    const std::string token = std::string(20, 'x');
    const std::vector<std::vector<std::string>> commands = {
        {"event", "list"},
        {"event", "show", "1"},
        {"event", "create", "--title", "T", "--start", kCliStart, "--end", kCliEnd},
        {"event", "delete", "1"},
        {"share", "list", "1"},
        {"share", "remove", "1", "bob"},
        {"history", "list", "1"},
        {"history", "changelog", "1"},
        {"history", "rollback", "1", "1"},
        {"whoami"},
        {"logout"},
        {"check"},
    };
    for (auto args : commands) {
      args.insert(args.begin(), {"--token", token});
      CAPTURE(args.back());
      check_error(run(args), 6, "no database at " + db.string() + " (run `eventcollab init`)");
      CHECK(std::filesystem::is_empty(dir.path()));
    }
    check_error(run({"login", "alice", "--password-stdin"}, "password-alice"), 6, "no database at");
    CHECK(std::filesystem::is_empty(dir.path()));
    // migrate --status only reports: version 0, nothing created.
    CHECK(run({"migrate", "--status"}).exit_code == 0);
    CHECK(std::filesystem::is_empty(dir.path()));
    // user register may create the database, as init and migrate do.
    register_user("alice");
    CHECK(std::filesystem::exists(db));
  }

  TEST_CASE_FIXTURE(CliFixture, "check leaves an empty file empty and reports it with exit 11") {
    SQLITE_ONLY();
    { std::ofstream(db.string()); }
    const ProcessResult r = run({"check"});
    CHECK(r.exit_code == 11);
    CHECK(r.out.find("problem: damaged:") != std::string::npos);
    CHECK(directory_state(dir.path()) == "test.db:\n");
  }

  TEST_CASE_FIXTURE(CliFixture, "check --db /dev/null creates nothing beside it") {
    const ProcessResult r = run({"--db", "/dev/null", "check"});
    check_error(r, 9, "not a regular file");
    CHECK_FALSE(std::filesystem::exists("/dev/null-journal"));
    CHECK_FALSE(std::filesystem::exists("/dev/null-wal"));
  }

  TEST_CASE_FIXTURE(CliFixture, "check on a truncated or corrupted file exits 11 with a report") {
    SQLITE_ONLY();
    const std::string alice = user("alice");
    for (int i = 0; i < 40; ++i) create_event(alice, "event " + std::to_string(i));
    REQUIRE(run({"check"}).exit_code == 0);
    const std::string sound = file_bytes(db);
    for (const char* damage : {"truncated", "header", "schema"}) {
      CAPTURE(damage);
      std::string bytes = sound;
      if (std::string_view(damage) == "truncated") bytes.resize(bytes.size() / 2);
      if (std::string_view(damage) == "header") bytes.replace(0, 16, "not a database!!");
      if (std::string_view(damage) == "schema") bytes.replace(100, 2000, std::string(2000, '\x7f'));
      { std::ofstream(db, std::ios::binary | std::ios::trunc) << bytes; }
      const std::string before = directory_state(dir.path());
      const ProcessResult r = run({"check"});
      INFO("stdout: " << r.out << "\nstderr: " << r.err);
      CHECK(r.exit_code == 11);
      CHECK(r.out.find("problem: ") != std::string::npos);
      const ProcessResult json = run({"--json", "check"});
      CHECK(json.exit_code == 11);
      CHECK(nlohmann::json::parse(json.out)["ok"] == false);
      CHECK(directory_state(dir.path()) == before);
    }
  }

  TEST_CASE_FIXTURE(GeneratedKeyFixture,
                    "a read succeeds while another process holds the write "
                    "lock") {
    SQLITE_ONLY();
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "BEGIN IMMEDIATE; INSERT INTO settings VALUES ('held', 'x')", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    env["EVENTCOLLAB_BUSY_TIMEOUT_MS"] = "0";  // a command that needs the lock fails at once
    for (const std::vector<std::string>& args : {std::vector<std::string>{"event", "list"},
                                                 {"event", "show", "1"},
                                                 {"history", "list", "1"},
                                                 {"share", "list", "1"},
                                                 {"whoami"},
                                                 {"check"},
                                                 {"migrate", "--status"}}) {
      CAPTURE(args.front());
      const ProcessResult r = cli(args, alice);
      CHECK_MESSAGE(r.exit_code == 0, r.err);
    }
    // A write meets the lock: a storage error, exit 10.
    CHECK(cli({"event", "create", "--title", "T", "--start", kCliStart, "--end", kCliEnd}, alice)
              .exit_code == 10);
    sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
  }

  TEST_CASE_FIXTURE(GeneratedKeyFixture, "event list works on a 0444 file the user cannot write") {
    SQLITE_ONLY();
    std::filesystem::permissions(db, std::filesystem::perms(0444));
    std::vector<std::string> argv{EVENTCOLLAB_CLI_PATH, "--json", "event", "list"};
    if (::geteuid() == 0) {
      // root writes any file: run as nobody, for whom 0444 is read-only. The directory stays
      // writable so SQLite can keep its -shm there, as in a user's own directory.
      std::filesystem::permissions(dir.path(), std::filesystem::perms(0777));
      argv.insert(argv.begin(),
                  {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
    }
    auto e = env;
    e["EVENTCOLLAB_TOKEN"] = alice;
    const ProcessResult r = run_process(argv, {}, e, dir.path());
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out).size() == 1);
    // A write is refused by the file, not by a crash: a storage error.
    argv.resize(argv.size() - 3);
    for (const char* a : {"event", "delete", "1"}) argv.emplace_back(a);
    CHECK(run_process(argv, {}, e, dir.path()).exit_code == 10);
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "--db \"\" and an empty DATABASE_URL are refused, creating "
                    "nothing") {
    check_error(run({"--db", "", "init"}), 3, "--db must not be empty");
    check_error(run({"--db", "", "--token", "x", "event", "list"}), 3, "--db must not be empty");
    env["DATABASE_URL"] = "";
    check_error(run({"init"}), 3, "DATABASE_URL is empty");
    env.erase("DATABASE_URL");
    { std::ofstream(dir / ".env") << "DATABASE_URL=\n"; }
    check_error(run({"init"}), 3, "DATABASE_URL is empty");
    CHECK(directory_state(dir.path()) == ".env:DATABASE_URL=\n\n");
  }

  TEST_CASE_FIXTURE(CliFixture, "in-memory databases are refused in every spelling") {
    for (const char* url :
         {":memory:", "sqlite:///:memory:", "file::memory:", "file:x.db?mode=memory"}) {
      CAPTURE(url);
      check_error(run({"--db", url, "init"}), 3, ":memory:");
    }
    CHECK(std::filesystem::is_empty(dir.path()));
  }

  TEST_CASE_FIXTURE(CliFixture, "event batch on a directory is unreadable input, exit 2") {
    const std::string alice = user("alice");
    const std::string before = db_bytes();
    check_error(cli({"event", "batch", dir.path().string()}, alice), 2, "is a directory");
    check_error(cli({"event", "batch", "/tmp"}, alice), 2, "/tmp");
    CHECK(db_bytes() == before);
  }

  TEST_CASE_FIXTURE(CliFixture, "--limit and --skip name their valid range") {
    const std::string alice = user("alice");
    check_error(cli({"event", "list", "--limit", "-5"}, alice), 3, "from 1 to 1000");
    check_error(cli({"event", "list", "--limit", "1001"}, alice), 3, "from 1 to 1000");
    check_error(cli({"event", "list", "--skip", "-5"}, alice), 3,
                "--skip must be an integer from 0 to 9223372036854775807");
    CHECK(cli({"event", "list", "--limit", "1000"}, alice).exit_code == 0);
  }

  TEST_CASE_FIXTURE(CliFixture, "history rollback --if-version refuses a stale view, exit 7") {
    const std::string alice = user("alice");
    const std::string id = std::to_string(create_event(alice)["id"].get<int>());
    REQUIRE(cli({"event", "update", id, "--title", "two"}, alice).exit_code == 0);
    const std::string before = db_bytes();
    check_error(cli({"history", "rollback", id, "1", "--if-version", "1"}, alice), 7, "version");
    CHECK(db_bytes() == before);
    check_error(cli({"history", "rollback", id, "1", "--if-version", "x"}, alice), 3,
                "--if-version");
    const ProcessResult ok =
        cli({"--json", "history", "rollback", id, "1", "--if-version", "2"}, alice);
    REQUIRE(ok.exit_code == 0);
    const auto event = nlohmann::json::parse(ok.out);
    CHECK(event["version"] == 3);
    CHECK(event["title"] == "Standup");
  }

  TEST_CASE_FIXTURE(CliFixture, "an unknown command is exit 109, like an unknown option") {
    check_error(run({"frobnicate"}), 109, "unknown command 'frobnicate'");
    check_error(run({"history", "frobnicate"}), 109, "unknown command 'frobnicate'");
    check_error(run({"event", "list", "--frobnicate"}), 109, "--frobnicate");
    check_error(run({}), 106, "");  // no command at all: a missing argument
  }
}
