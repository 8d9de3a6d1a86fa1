// SPDX-License-Identifier: MIT
// The real `eventcollab` binary against a test database in a temp dir: a fixed environment (no
// inherited configuration; the working directory is the test's own, so no stray .env), helpers
// that drive the binary, and CliWorld, which also holds the same database open through the
// library.
#pragma once

#ifdef EVENTCOLLAB_CLI_PATH

#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/store_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace eventcollab::test {

inline constexpr const char* kCliStart = "2026-05-01T09:00:00Z";
inline constexpr const char* kCliEnd = "2026-05-01T09:15:00Z";

struct CliFixture {
  TempDir dir;
  std::filesystem::path db = dir / "test.db";   // the file, on SQLite
  std::string db_url = test_database_url(dir);  // what DATABASE_URL names, on either backend
  // What the child sees on top of the test's environment, whose EVENTCOLLAB_*, DATABASE_URL
  // and token settings are never inherited (see Child).
  std::map<std::string, std::string> env{
      {"DATABASE_URL", db_url},
      {"SECRET_KEY", std::string(32, 'k')},
      {"EVENTCOLLAB_PASSWORD_ITERATIONS", "1000"},
  };

  /// The library's view of the same database and settings as `env`.
  Config config() const {
    Config c;
    c.database_url = db_url;
    c.secret_key = std::string(32, 'k');
    c.password_iterations = 1000;
    return c;  // the system clock: the CLI's tokens and ours must agree on time
  }

  /// Runs the binary with `env`.
  ProcessResult run(const std::vector<std::string>& args, std::string_view input = {}) const {
    std::vector<std::string> argv{EVENTCOLLAB_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, input, env, dir.path());
  }

  /// Runs the binary with `env` and, when given, EVENTCOLLAB_TOKEN=token.
  ProcessResult cli(const std::vector<std::string>& args, const std::string& token = {},
                    std::string_view input = {}) const {
    auto e = env;
    if (!token.empty()) e["EVENTCOLLAB_TOKEN"] = token;
    std::vector<std::string> argv{EVENTCOLLAB_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, input, e, dir.path());
  }

  /// Runs a command expected to succeed and parses its single JSON document.
  nlohmann::json cli_json(std::vector<std::string> args, std::string_view input = {}) const {
    args.insert(args.begin(), "--json");
    const ProcessResult r = run(args, input);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    return nlohmann::json::parse(r.out);
  }

  std::string password(const std::string& user) const { return "password-" + user; }

  nlohmann::json register_user(const std::string& user) const {
    return cli_json({"user", "register", user, "--password-stdin"}, password(user));
  }

  std::string login(const std::string& user) const {
    const ProcessResult r = run({"login", user, "--password-stdin", "--quiet"}, password(user));
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.size() > 1);
    return r.out.substr(0, r.out.size() - 1);  // drop the newline
  }

  /// Registers and logs in through the binary; returns the access token.
  std::string user(const std::string& name) const {
    register_user(name);
    return login(name);
  }

  nlohmann::json create_event(const std::string& token,
                              const std::string& title = "Standup") const {
    return cli_json({"--token", token, "event", "create", "--title", title, "--start", kCliStart,
                     "--end", kCliEnd});
  }

  /// Everything stored, for "nothing changed" checks.
  std::string db_bytes() const { return database_fingerprint(db_url); }
};

/// A CliFixture whose database is also open in the test through a Store, shared with the
/// CLI processes.
struct CliWorld : CliFixture {
  Store store = Store::open(config());

  /// Registers `name` (password "password-<name>") through the library; returns a token.
  std::string user(const std::string& name) {
    store.auth().register_user(name, password(name));
    return store.auth().login(name, password(name)).access_token;
  }
};

}  // namespace eventcollab::test

#endif  // EVENTCOLLAB_CLI_PATH
