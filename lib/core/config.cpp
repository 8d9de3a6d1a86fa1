// SPDX-License-Identifier: MIT
#include "eventcollab/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab {
namespace {

using Vars = std::map<std::string, std::string, std::less<>>;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// KEY=VALUE lines; `#` comments; optional `export `; values may be wrapped in matching quotes.
Vars read_dotenv(const std::filesystem::path& file) {
  Vars vars;
  std::ifstream in(file);
  if (!in) return vars;  // a missing .env is fine
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view rest = trim(line);
    if (rest.empty() || rest.front() == '#') continue;
    if (rest.starts_with("export ")) rest = trim(rest.substr(7));
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw Error(Errc::invalid_argument,
                  fmt::format("{}:{}: expected KEY=VALUE", file.string(), number));
    }
    std::string_view key = trim(rest.substr(0, eq));
    std::string_view value = trim(rest.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    vars.insert_or_assign(std::string(key), std::string(value));
  }
  return vars;
}

std::optional<std::string> lookup(const Vars& dotenv, const char* name) {
  if (const char* v = std::getenv(name); v != nullptr) return std::string(v);
  if (auto it = dotenv.find(name); it != dotenv.end()) return it->second;
  return std::nullopt;
}

std::int64_t parse_int(const char* name, const std::string& text, std::int64_t min,
                       std::int64_t max) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    throw Error(Errc::invalid_argument,
                fmt::format("{} must be a whole number from {} to {}", name, min, max));
  }
  return value;
}

}  // namespace

Config Config::from_env(const std::filesystem::path& dotenv_file) {
  using L = ConfigLimits;
  const Vars dotenv = read_dotenv(dotenv_file);
  Config c;
  if (auto v = lookup(dotenv, "DATABASE_URL")) c.database_url = *v;
  if (auto v = lookup(dotenv, "SECRET_KEY"); v && !v->empty()) c.secret_key = *v;
  if (auto v = lookup(dotenv, "ACCESS_TOKEN_EXPIRE_MINUTES")) {
    c.access_token_expire_minutes =
        parse_int("ACCESS_TOKEN_EXPIRE_MINUTES", *v, 1, L::max_access_token_expire_minutes);
  }
  if (auto v = lookup(dotenv, "REFRESH_TOKEN_EXPIRE_DAYS")) {
    c.refresh_token_expire_days =
        parse_int("REFRESH_TOKEN_EXPIRE_DAYS", *v, 1, L::max_refresh_token_expire_days);
  }
  if (auto v = lookup(dotenv, "SESSION_EXPIRE_DAYS")) {
    c.session_expire_days = parse_int("SESSION_EXPIRE_DAYS", *v, 1, L::max_session_expire_days);
  }
  if (auto v = lookup(dotenv, "EVENTCOLLAB_CHANGE_RETENTION_DAYS")) {
    c.change_retention_days =
        parse_int("EVENTCOLLAB_CHANGE_RETENTION_DAYS", *v, 1, L::max_change_retention_days);
  }
  if (auto v = lookup(dotenv, "EVENTCOLLAB_PASSWORD_ITERATIONS")) {
    c.password_iterations = static_cast<std::uint32_t>(
        parse_int("EVENTCOLLAB_PASSWORD_ITERATIONS", *v, 1, L::max_password_iterations));
  }
  if (auto v = lookup(dotenv, "EVENTCOLLAB_BUSY_TIMEOUT_MS")) {
    c.busy_timeout_ms = parse_int("EVENTCOLLAB_BUSY_TIMEOUT_MS", *v, 0, L::max_busy_timeout_ms);
  }
  if (auto v = lookup(dotenv, "EVENTCOLLAB_POOL_SIZE")) {
    c.pool_size = static_cast<int>(parse_int("EVENTCOLLAB_POOL_SIZE", *v, 1, L::max_pool_size));
  }
  if (auto v = lookup(dotenv, "EVENTCOLLAB_DURABILITY")) {
    if (*v == "full") {
      c.durability = Durability::full;
    } else if (*v == "normal") {
      c.durability = Durability::normal;
    } else {
      throw Error(Errc::invalid_argument, "EVENTCOLLAB_DURABILITY must be 'full' or 'normal'");
    }
  }
  return c;
}

void Config::validate() const {
  using L = ConfigLimits;
  auto in_range = [](const char* name, std::int64_t value, std::int64_t min, std::int64_t max) {
    if (value < min || value > max) {
      throw Error(Errc::invalid_argument,
                  fmt::format("{} must be from {} to {} (got {})", name, min, max, value));
    }
  };
  in_range("access_token_expire_minutes", access_token_expire_minutes, 1,
           L::max_access_token_expire_minutes);
  in_range("refresh_token_expire_days", refresh_token_expire_days, 1,
           L::max_refresh_token_expire_days);
  in_range("session_expire_days", session_expire_days, 1, L::max_session_expire_days);
  in_range("change_retention_days", change_retention_days, 1, L::max_change_retention_days);
  in_range("password_iterations", password_iterations, 1, L::max_password_iterations);
  in_range("busy_timeout_ms", busy_timeout_ms, 0, L::max_busy_timeout_ms);
  in_range("pool_size", pool_size, 1, L::max_pool_size);
  in_range("login_max_failures", login_max_failures, 1, L::max_login_max_failures);
  in_range("login_failure_window_seconds", login_failure_window_seconds, 1,
           L::max_login_failure_window_seconds);
  if (secret_key && secret_key->size() < L::min_secret_key_bytes) {
    throw Error(Errc::invalid_argument,
                fmt::format("SECRET_KEY must be at least {} bytes (try: openssl rand -hex 32)",
                            L::min_secret_key_bytes));
  }
  if (!clock) throw Error(Errc::invalid_argument, "config.clock must be set");
}

std::filesystem::path Config::database_path() const { return parse_database_url(database_url); }

Backend Config::backend() const { return database_backend(database_url); }

Backend database_backend(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return Backend::postgres;
  (void)parse_database_url(url);  // refuses what is neither
  return Backend::sqlite;
}

std::string redact_database_url(std::string_view url) {
  std::string out(url);
  const auto scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  // user:password@ before the first '/', '?' or '#' after the scheme.
  const auto begin = scheme + 3;
  const auto end = std::min(out.find_first_of("/?#", begin), out.size());
  if (const auto at = out.rfind('@', end); at != std::string::npos && at >= begin) {
    if (const auto colon = out.find(':', begin); colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... among the query parameters.
  for (auto pos = out.find("password=", out.find('?')); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    if (pos == 0 || (out[pos - 1] != '?' && out[pos - 1] != '&')) continue;
    const auto value = pos + 9;
    const auto stop = std::min(out.find_first_of("&#", value), out.size());
    out.replace(value, stop - value, "***");
  }
  return out;
}

namespace {

[[noreturn]] void refuse_memory() {
  throw Error(Errc::invalid_argument,
              "DATABASE_URL ':memory:' is not supported: the store needs a file shared by its "
              "connections");
}

}  // namespace

std::filesystem::path parse_database_url(std::string_view url) {
  if (url.empty()) {
    throw Error(Errc::invalid_argument,
                "DATABASE_URL is empty: name a file, or leave it unset for ./eventcollab.db");
  }
  if (url.find('\0') != std::string_view::npos) {
    throw Error(Errc::invalid_argument, "DATABASE_URL must not contain NUL characters");
  }
  constexpr std::string_view kSqlite = "sqlite:///";
  std::string_view path = url;
  if (url.starts_with(kSqlite)) {
    // SQLAlchemy's convention: sqlite:///relative.db and sqlite:////absolute.db.
    path = url.substr(kSqlite.size());
    if (path.empty()) throw Error(Errc::invalid_argument, "DATABASE_URL names no file");
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    throw Error(Errc::invalid_argument,
                "DATABASE_URL names a PostgreSQL server, not a file (Config::backend())");
  } else if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    throw Error(
        Errc::invalid_argument,
        fmt::format("DATABASE_URL scheme '{}' is not supported; use a path, sqlite:///path or "
                    "postgresql://user@host/db",
                    url.substr(0, scheme)));
  }
  // The path goes to SQLite as a plain file name; these are the names SQLite would read as
  // something else (an in-memory database, or a URI when URI names are enabled).
  if (path == ":memory:") refuse_memory();
  if (path.starts_with("file:")) {
    if (path.find(":memory:") != std::string_view::npos ||
        path.find("mode=memory") != std::string_view::npos) {
      refuse_memory();
    }
    throw Error(Errc::invalid_argument,
                "DATABASE_URL: SQLite URI file names (file:...) are not supported; use a path or "
                "sqlite:///path");
  }
  return std::filesystem::path(std::string(path));
}

}  // namespace eventcollab
