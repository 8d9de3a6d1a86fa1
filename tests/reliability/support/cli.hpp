// SPDX-License-Identifier: MIT
// The real `eventcollab` binary against a test database: a fixed environment (no inherited
// configuration, no .env: the working directory is the test's own), a token per user.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/store_fixture.hpp"

namespace eventcollab::test {

/// A database shared by the test (through a Store) and CLI processes.
struct CliWorld {
  TempDir dir;
  std::filesystem::path db = dir / "cli.db";
  Store store = Store::open(config());

  Config config() const {
    Config c;
    c.database_url = db.string();
    c.secret_key = std::string(32, 'k');
    c.password_iterations = 1000;
    return c;  // the system clock: the CLI's tokens and ours must agree on time
  }

  std::map<std::string, std::string> env(const std::string& token = {}) const {
    std::map<std::string, std::string> e{{"DATABASE_URL", db.string()},
                                         {"SECRET_KEY", std::string(32, 'k')},
                                         {"EVENTCOLLAB_PASSWORD_ITERATIONS", "1000"}};
    if (!token.empty()) e["EVENTCOLLAB_TOKEN"] = token;
    return e;
  }

  /// Registers `name` (password "password-<name>") and returns an access token.
  std::string user(const std::string& name) {
    store.auth().register_user(name, "password-" + name);
    return store.auth().login(name, "password-" + name).access_token;
  }

  ProcessResult cli(const std::vector<std::string>& args, const std::string& token = {},
                    std::string_view input = {}) const {
    std::vector<std::string> argv{EVENTCOLLAB_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, input, env(token), dir.path());
  }
};

}  // namespace eventcollab::test
