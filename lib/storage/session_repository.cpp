// SPDX-License-Identifier: MIT
#include "storage/session_repository.hpp"

namespace eventcollab::storage {

std::int64_t insert_session(Transaction& tx, UserId user, std::int64_t now,
                            std::int64_t expires_at) {
  auto st = tx.cached("INSERT INTO sessions(user_id, created_at, expires_at) VALUES (?1, ?2, ?3)");
  st->bind_all(user, now, expires_at);
  st->run();
  return tx.conn().last_insert_rowid();
}

std::optional<std::string> active_session_username(Transaction& tx, std::int64_t session,
                                                   UserId user) {
  auto st = tx.cached(
      "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.id = ?1 AND s.user_id = ?2 AND s.revoked_at IS NULL");
  st->bind_all(session, user);
  if (!st->step()) return std::nullopt;
  return st->get_text(0);
}

bool revoke_session(Transaction& tx, std::int64_t session, std::int64_t now) {
  auto st = tx.cached("UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  st->bind_all(session, now);
  st->run();
  return tx.conn().changes() > 0;
}

void insert_refresh_token(Transaction& tx, std::string_view token_hash, std::int64_t session,
                          std::int64_t now, std::int64_t expires_at) {
  auto st = tx.cached(
      "INSERT INTO refresh_tokens(token_hash, session_id, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4)");
  st->bind_blob(1, token_hash.data(), token_hash.size());
  st->bind(2, session);
  st->bind(3, now);
  st->bind(4, expires_at);
  st->run();
}

std::optional<RefreshRow> find_refresh_token(Transaction& tx, std::string_view token_hash) {
  auto st = tx.cached(
      "SELECT r.session_id, s.user_id, r.expires_at, r.used_at IS NOT NULL, "
      "s.revoked_at IS NOT NULL FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id "
      "WHERE r.token_hash = ?1");
  st->bind_blob(1, token_hash.data(), token_hash.size());
  if (!st->step()) return std::nullopt;
  return RefreshRow{st->get_int(0), st->get_int(1), st->get_int(2), st->get_int(3) != 0,
                    st->get_int(4) != 0};
}

void mark_refresh_token_used(Transaction& tx, std::string_view token_hash, std::int64_t now) {
  auto st = tx.cached("UPDATE refresh_tokens SET used_at = ?2 WHERE token_hash = ?1");
  st->bind_blob(1, token_hash.data(), token_hash.size());
  st->bind(2, now);
  st->run();
}

std::int64_t count_login_failures(Transaction& tx, std::string_view username_key,
                                  std::int64_t since, std::int64_t* oldest) {
  auto st = tx.cached(
      "SELECT count(*), min(failed_at) FROM login_failures "
      "WHERE username_key = ?1 AND failed_at > ?2");
  st->bind_all(username_key, since);
  st->step();
  if (oldest != nullptr) *oldest = st->get_int(1);
  return st->get_int(0);
}

void record_login_failure(Transaction& tx, std::string_view username_key, std::int64_t now) {
  auto st = tx.cached("INSERT INTO login_failures(username_key, failed_at) VALUES (?1, ?2)");
  st->bind_all(username_key, now);
  st->run();
}

void clear_login_failures(Transaction& tx, std::string_view username_key, std::int64_t before) {
  // Clears this name's failures, and prunes everyone's expired ones on the way.
  auto st = tx.cached("DELETE FROM login_failures WHERE username_key = ?1 OR failed_at <= ?2");
  st->bind_all(username_key, before);
  st->run();
}

std::optional<std::string> get_setting(Transaction& tx, std::string_view key) {
  auto st = tx.cached("SELECT value FROM settings WHERE key = ?1");
  st->bind_all(key);
  if (!st->step()) return std::nullopt;
  return st->get_blob(0);
}

void put_setting(Transaction& tx, std::string_view key, std::string_view value) {
  auto st = tx.cached(
      "INSERT INTO settings(key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st->bind(1, key);
  st->bind_blob(2, value.data(), value.size());
  st->run();
}

}  // namespace eventcollab::storage
