// SPDX-License-Identifier: MIT
// Users, logins, refresh tokens, failed logins and settings: the statements of PgUnitOfWork
// that the SQLite backend keeps in its user, session, login_failure and settings repositories.
#include <fmt/format.h>

#include "storage/postgres/pg_unit_of_work.hpp"

namespace eventcollab::storage::postgres {
namespace {

const char* begin_statement(TxKind kind) {
  switch (kind) {
    case TxKind::write:
      return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case TxKind::read:
      return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    case TxKind::single_statement:
      return nullptr;
  }
  return nullptr;
}

Timestamp ts(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }

User read_user(const Rows& r, int row) {
  return User{r.integer(row, 0), r.text(row, 1), r.optional_text(row, 2), ts(r.integer(row, 3))};
}

// Usernames are ASCII (auth::is_valid_username); the index folds A-Z only, as this does, so a
// lookup never matches through a non-ASCII folding (the Kelvin sign is not a 'k').
std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

PgUnitOfWork::PgUnitOfWork(PgPool::Lease conn, TxKind kind)
    : conn_(std::move(conn)), kind_(kind), tx_(*conn_, begin_statement(kind)) {}

User PgUnitOfWork::insert_user(std::string_view username, std::optional<std::string_view> email,
                               std::string_view password_hash, std::int64_t now) {
  static const std::string sql =
      "INSERT INTO users(username, email, password_hash, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id";
  try {
    const Rows r = conn().run(sql, Params().add(username).add(email).add(password_hash).add(now));
    return User{r.integer(0, 0), std::string(username),
                email ? std::optional<std::string>(*email) : std::nullopt, ts(now)};
  } catch (const PgError& e) {
    if (e.sqlstate() == "23505") {
      throw Error(Errc::conflict, fmt::format("username '{}' is already taken", username));
    }
    throw;
  }
}

std::optional<UserRow> PgUnitOfWork::find_user_by_name(std::string_view username) {
  static const std::string sql =
      "SELECT id, username, email, created_at, password_hash FROM users "
      "WHERE lower(username COLLATE \"C\") = $1";
  const Rows r = conn().run(sql, Params().add(ascii_lower(username)));
  if (r.empty()) return std::nullopt;
  return UserRow{read_user(r, 0), r.text(0, 4)};
}

std::optional<User> PgUnitOfWork::find_user_by_id(UserId id) {
  const Rows r = conn().run("SELECT id, username, email, created_at FROM users WHERE id = $1",
                            Params().add(id));
  if (r.empty()) return std::nullopt;
  return read_user(r, 0);
}

void PgUnitOfWork::update_password_hash(UserId id, std::string_view hash) {
  conn().run("UPDATE users SET password_hash = $2 WHERE id = $1", Params().add(id).add(hash));
}

std::int64_t PgUnitOfWork::insert_session(UserId user, std::int64_t now, std::int64_t expires_at) {
  const Rows r = conn().run(
      "INSERT INTO sessions(user_id, created_at, expires_at) VALUES ($1, $2, $3) RETURNING id",
      Params().add(user).add(now).add(expires_at));
  return r.integer(0, 0);
}

std::optional<std::string> PgUnitOfWork::active_session_username(std::int64_t session, UserId user,
                                                                 std::int64_t now) {
  static const std::string sql =
      "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3";
  const Rows r = conn().run(sql, Params().add(session).add(user).add(now));
  if (r.empty()) return std::nullopt;
  return r.text(0, 0);
}

bool PgUnitOfWork::revoke_session(std::int64_t session, std::int64_t now) {
  const Rows r =
      conn().run("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                 Params().add(session).add(now));
  return r.affected() > 0;
}

void PgUnitOfWork::insert_refresh_token(std::string_view token_hash, std::int64_t session,
                                        std::int64_t now, std::int64_t expires_at) {
  conn().run(
      "INSERT INTO refresh_tokens(token_hash, session_id, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4)",
      Params().add_bytes(token_hash).add(session).add(now).add(expires_at));
}

std::optional<RefreshRow> PgUnitOfWork::find_refresh_token(std::string_view token_hash) {
  static const std::string sql =
      "SELECT r.session_id, s.user_id, r.expires_at, s.expires_at, r.used_at IS NOT NULL, "
      "s.revoked_at IS NOT NULL FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id "
      "WHERE r.token_hash = $1";
  const Rows r = conn().run(sql, Params().add_bytes(token_hash));
  if (r.empty()) return std::nullopt;
  return RefreshRow{r.integer(0, 0), r.integer(0, 1), r.integer(0, 2),
                    r.integer(0, 3), r.boolean(0, 4), r.boolean(0, 5)};
}

void PgUnitOfWork::mark_refresh_token_used(std::string_view token_hash, std::int64_t now) {
  conn().run("UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1",
             Params().add_bytes(token_hash).add(now));
}

void PgUnitOfWork::prune_expired_sessions(std::int64_t now, std::int64_t limit) {
  // ON DELETE CASCADE takes each session's refresh tokens along.
  conn().run(
      "DELETE FROM sessions WHERE id IN "
      "(SELECT id FROM sessions WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)",
      Params().add(now).add(limit));
  conn().run(
      "DELETE FROM refresh_tokens WHERE token_hash IN (SELECT token_hash FROM refresh_tokens "
      "WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)",
      Params().add(now).add(limit));
}

std::int64_t PgUnitOfWork::count_login_failures(std::string_view username_key, std::int64_t since,
                                                std::int64_t* oldest) {
  const Rows r = conn().run(
      "SELECT count(*), min(failed_at) FROM login_failures "
      "WHERE username_key = $1 AND failed_at > $2",
      Params().add(username_key).add(since));
  if (oldest != nullptr) *oldest = r.integer(0, 1);
  return r.integer(0, 0);
}

void PgUnitOfWork::record_login_failure(std::string_view username_key, std::int64_t now) {
  conn().run("INSERT INTO login_failures(username_key, failed_at) VALUES ($1, $2)",
             Params().add(username_key).add(now));
}

void PgUnitOfWork::clear_login_failures(std::string_view username_key) {
  conn().run("DELETE FROM login_failures WHERE username_key = $1", Params().add(username_key));
}

void PgUnitOfWork::prune_login_failures(std::int64_t before, std::int64_t limit) {
  conn().run(
      "DELETE FROM login_failures WHERE id IN "
      "(SELECT id FROM login_failures WHERE failed_at <= $1 ORDER BY failed_at LIMIT $2)",
      Params().add(before).add(limit));
}

std::optional<std::string> PgUnitOfWork::get_setting(std::string_view key) {
  const Rows r = conn().run("SELECT value FROM settings WHERE key = $1", Params().add(key));
  if (r.empty()) return std::nullopt;
  return r.bytes(0, 0);
}

void PgUnitOfWork::put_setting(std::string_view key, std::string_view value) {
  conn().run(
      "INSERT INTO settings(key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      Params().add(key).add_bytes(value));
}

}  // namespace eventcollab::storage::postgres
