// SPDX-License-Identifier: MIT
#include <climits>
#include <cstdint>
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
    // The in-memory database in every spelling the parser accepts, and SQLite URI names.
    CHECK_ERRC(parse_database_url("sqlite:///:memory:"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url("file::memory:"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url("sqlite:///file::memory:?cache=shared"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url("file:ec.db?mode=memory"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url("file:ec.db"), Errc::invalid_argument);
    CHECK_ERRC(parse_database_url(std::string("a\0b", 3)), Errc::invalid_argument);
  }

  TEST_CASE("the backend follows the URL's scheme, and other schemes are refused") {
    CHECK(database_backend("ec.db") == Backend::sqlite);
    CHECK(database_backend("sqlite:///ec.db") == Backend::sqlite);
    CHECK(database_backend("postgresql://u@db.example:5433/ec") == Backend::postgres);
    CHECK(database_backend("postgres://u@db.example/ec") == Backend::postgres);
    CHECK(database_backend("postgresql:///ec?host=/run/postgresql") == Backend::postgres);
    CHECK_ERRC(database_backend("mysql://u@db.example/ec"), Errc::invalid_argument);
    CHECK_ERRC(database_backend(""), Errc::invalid_argument);
    Config c;
    c.database_url = "postgresql://u@db.example/ec";
    CHECK(c.backend() == Backend::postgres);
    CHECK_ERRC(c.database_path(), Errc::invalid_argument);  // a server names no file
    try {
      (void)database_backend("mysql://root:pw@db/ec");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("'mysql'") != std::string::npos);
      CHECK(std::string(e.what()).find("pw") == std::string::npos);
    }
  }

  TEST_CASE("a URL's password never survives redaction, in the user part or as a parameter") {
    CHECK(redact_database_url("postgresql://alice:s3cr%40t@db:5432/ec") ==
          "postgresql://alice:***@db:5432/ec");
    CHECK(redact_database_url("postgres://alice:p@ss:w@rd@db/ec") == "postgres://alice:***@db/ec");
    CHECK(
        redact_database_url("postgresql:///ec?host=/run/postgresql&password=hunter2&sslmode=off") ==
        "postgresql:///ec?host=/run/postgresql&password=***&sslmode=off");
    CHECK(redact_database_url("postgresql:///ec?password=x") == "postgresql:///ec?password=***");
    // Nothing secret: unchanged.
    CHECK(redact_database_url("postgresql://alice@db/ec") == "postgresql://alice@db/ec");
    CHECK(redact_database_url("postgresql://db/ec?user=a") == "postgresql://db/ec?user=a");
    CHECK(redact_database_url("./ec.db") == "./ec.db");
    CHECK(redact_database_url("sqlite:////tmp/a:b@c.db") == "sqlite:////tmp/a:b@c.db");
  }

  TEST_CASE("EVENTCOLLAB_POOL_SIZE sets the pool size within its bounds") {
    TempDir dir;
    {
      ScopedEnv env("EVENTCOLLAB_POOL_SIZE", "3");
      CHECK(Config::from_env(dir / "none.env").pool_size == 3);
    }
    {
      ScopedEnv env("EVENTCOLLAB_POOL_SIZE", "0");
      CHECK_ERRC(Config::from_env(dir / "none.env"), Errc::invalid_argument);
    }
    {
      ScopedEnv env("EVENTCOLLAB_POOL_SIZE", "1001");
      CHECK_ERRC(Config::from_env(dir / "none.env"), Errc::invalid_argument);
    }
    CHECK(Config{}.pool_size == 8);
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

  TEST_CASE("an in-memory or empty DATABASE_URL is refused at open, naming the problem") {
    TempDir dir;
    FakeClock clock;
    for (const char* url : {"sqlite:///:memory:", "file::memory:", ""}) {
      CAPTURE(url);
      auto cfg = test_config(dir, clock);
      cfg.database_url = url;
      try {
        (void)Store::open(cfg);
        FAIL("opened");
      } catch (const Error& e) {
        CHECK(e.code() == Errc::invalid_argument);
        const std::string what = e.what();
        CHECK((what.find(":memory:") != std::string::npos ||
               what.find("DATABASE_URL is empty") != std::string::npos));
      }
    }
    CHECK(std::filesystem::is_empty(dir.path()));
  }

  TEST_CASE("Store::open refuses every Config field outside its bounds, naming field and range") {
    using L = ConfigLimits;
    struct Bad {
      const char* field;
      void (*set)(Config&);
    };
    const Bad cases[] = {
        {"access_token_expire_minutes", [](Config& c) { c.access_token_expire_minutes = 0; }},
        // minutes * 60 would overflow int64.
        {"access_token_expire_minutes",
         [](Config& c) { c.access_token_expire_minutes = INT64_MAX / 2; }},
        {"access_token_expire_minutes",
         [](Config& c) { c.access_token_expire_minutes = L::max_access_token_expire_minutes + 1; }},
        {"refresh_token_expire_days", [](Config& c) { c.refresh_token_expire_days = -1; }},
        {"refresh_token_expire_days", [](Config& c) { c.refresh_token_expire_days = INT64_MAX; }},
        {"session_expire_days", [](Config& c) { c.session_expire_days = 0; }},
        {"session_expire_days", [](Config& c) { c.session_expire_days = INT64_MAX / 86'400 + 1; }},
        {"password_iterations", [](Config& c) { c.password_iterations = 0; }},
        {"password_iterations", [](Config& c) { c.password_iterations = UINT32_MAX; }},
        {"busy_timeout_ms", [](Config& c) { c.busy_timeout_ms = -1; }},
        // Past INT_MAX, sqlite3_busy_timeout(int) would wrap it negative.
        {"busy_timeout_ms", [](Config& c) { c.busy_timeout_ms = 4'294'967'296 + 5; }},
        {"pool_size", [](Config& c) { c.pool_size = 0; }},
        {"pool_size", [](Config& c) { c.pool_size = L::max_pool_size + 1; }},
        {"login_max_failures", [](Config& c) { c.login_max_failures = 0; }},
        {"login_max_failures", [](Config& c) { c.login_max_failures = -5; }},
        {"login_failure_window_seconds", [](Config& c) { c.login_failure_window_seconds = 0; }},
        {"login_failure_window_seconds",
         [](Config& c) { c.login_failure_window_seconds = INT64_MAX; }},
    };
    for (const auto& bad : cases) {
      CAPTURE(bad.field);
      TempDir dir;
      FakeClock clock;
      auto cfg = test_config(dir, clock);
      bad.set(cfg);
      for (int api = 0; api < 2; ++api) {
        try {
          if (api == 0) {
            (void)Store::open(cfg);
          } else {
            (void)Store::inspect(cfg);
          }
          FAIL("accepted");
        } catch (const Error& e) {
          CHECK(e.code() == Errc::invalid_argument);
          const std::string what = e.what();
          CHECK(what.find(bad.field) != std::string::npos);
          CHECK(what.find(" to ") != std::string::npos);  // names the range
        }
      }
      CHECK_FALSE(std::filesystem::exists(dir / "test.db"));
    }
  }

  TEST_CASE("the largest values the bounds allow open and work") {
    using L = ConfigLimits;
    TempDir dir;
    FakeClock clock;
    auto cfg = test_config(dir, clock);
    cfg.access_token_expire_minutes = L::max_access_token_expire_minutes;
    cfg.refresh_token_expire_days = L::max_refresh_token_expire_days;
    cfg.session_expire_days = L::max_session_expire_days;
    cfg.busy_timeout_ms = L::max_busy_timeout_ms;
    cfg.login_max_failures = L::max_login_max_failures;
    cfg.login_failure_window_seconds = L::max_login_failure_window_seconds;
    auto store = Store::open(cfg);
    store.auth().register_user("alice", "password-1");
    const auto pair = store.auth().login("alice", "password-1");
    CHECK(store.auth().authenticate(pair.access_token).username == "alice");
    clock.advance(364LL * 86'400);  // the access token lives a year
    CHECK(store.auth().authenticate(pair.access_token).username == "alice");
  }

  TEST_CASE("from_env and Store::open share one set of bounds") {
    using L = ConfigLimits;
    TempDir dir;
    const struct {
      const char* variable;
      std::int64_t max;
    } vars[] = {{"ACCESS_TOKEN_EXPIRE_MINUTES", L::max_access_token_expire_minutes},
                {"REFRESH_TOKEN_EXPIRE_DAYS", L::max_refresh_token_expire_days},
                {"SESSION_EXPIRE_DAYS", L::max_session_expire_days},
                {"EVENTCOLLAB_PASSWORD_ITERATIONS", L::max_password_iterations},
                {"EVENTCOLLAB_BUSY_TIMEOUT_MS", L::max_busy_timeout_ms}};
    for (const auto& v : vars) {
      CAPTURE(v.variable);
      {
        ScopedEnv e(v.variable, std::to_string(v.max).c_str());
        Config c = Config::from_env(dir / "none.env");
        c.database_url = (dir / "bounds.db").string();
        CHECK_NOTHROW(c.validate());  // the largest value from_env accepts, open accepts
      }
      ScopedEnv e(v.variable, std::to_string(v.max + 1).c_str());
      try {
        (void)Config::from_env(dir / "none.env");
        FAIL("accepted");
      } catch (const Error& err) {
        CHECK(std::string(err.what()).find(std::to_string(v.max)) != std::string::npos);
      }
    }
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
