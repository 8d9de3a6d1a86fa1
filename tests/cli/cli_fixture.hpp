// SPDX-License-Identifier: MIT
// A fresh database in a temp dir and helpers that drive the real binary against it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"
#include "support/store_fixture.hpp"
#include "support/temp_dir.hpp"

namespace eventcollab::test {

inline constexpr const char* kCliStart = "2026-05-01T09:00:00Z";
inline constexpr const char* kCliEnd = "2026-05-01T09:15:00Z";

struct CliFixture {
  TempDir dir;
  // Exactly what the child sees: nothing from the developer's environment leaks in.
  std::map<std::string, std::string> env{
      {"DATABASE_URL", (dir / "test.db").string()},
      {"SECRET_KEY", std::string(32, 's')},
      {"EVENTCOLLAB_PASSWORD_ITERATIONS", "1000"},
  };

  CliResult run(const std::vector<std::string>& args, std::string_view input = {}) const {
    return run_cli(args, env, input, dir.path());
  }

  /// Runs a command expected to succeed and parses its single JSON document.
  nlohmann::json cli_json(std::vector<std::string> args, std::string_view input = {}) const {
    args.insert(args.begin(), "--json");
    const CliResult r = run(args, input);
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
    const CliResult r = run({"login", user, "--password-stdin", "--quiet"}, password(user));
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.size() > 1);
    return r.out.substr(0, r.out.size() - 1);  // drop the newline
  }

  /// Registers and logs in; returns the access token.
  std::string user(const std::string& name) const {
    register_user(name);
    return login(name);
  }

  nlohmann::json create_event(const std::string& token,
                              const std::string& title = "Standup") const {
    return cli_json({"--token", token, "event", "create", "--title", title, "--start", kCliStart,
                     "--end", kCliEnd});
  }

  /// The database file and its WAL, for "nothing changed" checks.
  std::string db_bytes() const {
    return file_bytes(dir / "test.db") + "|wal|" + file_bytes(dir / "test.db-wal");
  }
};

}  // namespace eventcollab::test
