// SPDX-License-Identifier: MIT
#include <cstdlib>
#include <fstream>

#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

// Sets an environment variable for one scope (ctest runs each case in its own process).
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (value) {
      setenv(name.c_str(), value, 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  ~ScopedEnv() { unsetenv(name.c_str()); }
};

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("DATABASE_URL accepts a plain path and sqlite:/// URLs") {
    CHECK(parse_database_url("./eventcollab.db") == "./eventcollab.db");
    CHECK(parse_database_url("/var/lib/ec.db") == "/var/lib/ec.db");
    CHECK(parse_database_url("sqlite:///./test.db") == "./test.db");
    CHECK(parse_database_url("sqlite:///relative.db") == "relative.db");
    CHECK(parse_database_url("sqlite:////abs/path.db") == "/abs/path.db");
  }

  TEST_CASE("unsupported or malformed DATABASE_URLs are refused") {
    CHECK_ERRC(parse_database_url(""), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url("sqlite:///"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url("postgresql://localhost/ec"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url(":memory:"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url(std::string("a\0b", 3)), Errc::invalid_argument);
  }

  TEST_CASE("defaults apply when neither the environment nor .env set anything") {
    TempDir dir;
    ScopedEnv a("DATABASE_URL", nullptr), b("SECRET_KEY", nullptr),
        c("ACCESS_TOKEN_EXPIRE_MINUTES", nullptr), d("EVENTCOLLAB_PASSWORD_ITERATIONS", nullptr);
    auto cfg = Config::from_env(dir / "missing.env");
    CHECK(cfg.database_url == "./eventcollab.db");
    CHECK_FALSE(cfg.secret_key.has_value());
    CHECK(cfg.access_token_expire_minutes == 30);
    CHECK(cfg.password_iterations == 600'000);
    CHECK(cfg.durability == Durability::full);
  }

  TEST_CASE("the environment wins over .env, and .env over the defaults") {
    TempDir dir;
    write_file(dir / ".env",
               "# comment\n"
               "DATABASE_URL=sqlite:///from-dotenv.db\n"
               "export ACCESS_TOKEN_EXPIRE_MINUTES=45\n"
               "SECRET_KEY=\"dotenv-secret-dotenv-secret-dotenv-secret\"\n"
               "EVENTCOLLAB_DURABILITY=normal\n");
    ScopedEnv a("DATABASE_URL", "from-env.db"), b("SECRET_KEY", nullptr),
        c("ACCESS_TOKEN_EXPIRE_MINUTES", nullptr), d("EVENTCOLLAB_DURABILITY", nullptr);
    auto cfg = Config::from_env(dir / ".env");
    CHECK(cfg.database_url == "from-env.db");
    CHECK(cfg.access_token_expire_minutes == 45);
    CHECK(cfg.secret_key == "dotenv-secret-dotenv-secret-dotenv-secret");
    CHECK(cfg.durability == Durability::normal);
  }

  TEST_CASE("bad values in the environment or .env are refused naming the variable") {
    TempDir dir;
    {
      ScopedEnv a("ACCESS_TOKEN_EXPIRE_MINUTES", "ten");
      try {
        (void)Config::from_env(dir / "none.env");
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_argument);
        CHECK(std::string(e.what()).find("ACCESS_TOKEN_EXPIRE_MINUTES") != std::string::npos);
      }
    }
    {
      ScopedEnv a("EVENTCOLLAB_DURABILITY", "sometimes");
      CHECK_ERRC(Config::from_env(dir / "none.env"), Errc::invalid_argument);
    }
    write_file(dir / "bad.env", "JUST_A_WORD\n");
    CHECK_ERRC(Config::from_env(dir / "bad.env"), Errc::invalid_argument);
  }

  TEST_CASE("a short SECRET_KEY is refused at open") {
    TempDir dir;
    FakeClock clock;
    auto cfg = test_config(dir, clock);
    cfg.secret_key = "secret";
    CHECK_ERRC(Store::open(cfg), Errc::invalid_argument);
    CHECK_FALSE(std::filesystem::exists(dir / "test.db"));
  }

  TEST_CASE("without SECRET_KEY a key is generated once and tokens survive a restart") {
    TempDir dir;
    FakeClock clock;
    auto cfg = test_config(dir, clock);
    cfg.secret_key.reset();
    std::string token;
    {
      auto store = Store::open(cfg);
      store.auth().register_user("alice", "password-1");
      token = store.auth().login("alice", "password-1").access_token;
    }
    auto store = Store::open(cfg);
    CHECK(store.auth().authenticate(token).username == "alice");
    // A store with another key refuses the same token.
    auto other = cfg;
    other.secret_key = std::string(32, 'x');
    auto store2 = Store::open(other);
    CHECK_ERRC(store2.auth().authenticate(token), Errc::unauthenticated);
  }
}
