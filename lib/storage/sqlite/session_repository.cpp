// SPDX-License-Identifier: MIT
#include "storage/sqlite/session_repository.hpp"

namespace eventcollab::storage {

std::int64_t insert_session(Transaction& tx, UserId user, std::int64_t now,
                            std::int64_t expires_at) {
  auto st = tx.cached("INSERT INTO sessions(user_id, created_at, expires_at) VALUES (?1, ?2, ?3)");
  st->bind_all(user, now, expires_at);
  st->run();
  return tx.conn().last_insert_rowid();
}

std::optional<std::string> active_session_username(Transaction& tx, std::int64_t session,
                                                   UserId user, std::int64_t now) {
  auto st = tx.cached(
      "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.id = ?1 AND s.user_id = ?2 AND s.revoked_at IS NULL AND s.expires_at > ?3");
  st->bind_all(session, user, now);
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
      "SELECT r.session_id, s.user_id, r.expires_at, s.expires_at, r.used_at IS NOT NULL, "
      "s.revoked_at IS NOT NULL FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id "
      "WHERE r.token_hash = ?1");
  st->bind_blob(1, token_hash.data(), token_hash.size());
  if (!st->step()) return std::nullopt;
  return RefreshRow{st->get_int(0), st->get_int(1),      st->get_int(2),
                    st->get_int(3), st->get_int(4) != 0, st->get_int(5) != 0};
}

void mark_refresh_token_used(Transaction& tx, std::string_view token_hash, std::int64_t now) {
  auto st = tx.cached("UPDATE refresh_tokens SET used_at = ?2 WHERE token_hash = ?1");
  st->bind_blob(1, token_hash.data(), token_hash.size());
  st->bind(2, now);
  st->run();
}

void prune_expired_sessions(Transaction& tx, std::int64_t now, std::int64_t limit) {
  // ON DELETE CASCADE takes each session's refresh tokens along.
  auto sessions = tx.cached(
      "DELETE FROM sessions WHERE id IN "
      "(SELECT id FROM sessions WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2)");
  sessions->bind_all(now, limit);
  sessions->run();
  auto tokens = tx.cached(
      "DELETE FROM refresh_tokens WHERE token_hash IN (SELECT token_hash FROM refresh_tokens "
      "WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2)");
  tokens->bind_all(now, limit);
  tokens->run();
}

}  // namespace eventcollab::storage
