// SPDX-License-Identifier: MIT
#include "storage/sqlite/user_repository.hpp"

#include <fmt/format.h>

#include "storage/sqlite/sqlite_error.hpp"

namespace eventcollab::storage {
namespace {

User read_user(const Statement& st) {
  return User{st.get_int(0), st.get_text(1), st.get_optional_text(2),
              Timestamp{std::chrono::seconds{st.get_int(3)}}};
}

}  // namespace

User insert_user(Transaction& tx, std::string_view username, std::optional<std::string_view> email,
                 std::string_view password_hash, std::int64_t now) {
  auto st = tx.cached(
      "INSERT INTO users(username, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)");
  st->bind_all(username, email, password_hash, now);
  try {
    st->run();
  } catch (const SqliteError& e) {
    if (e.is_constraint()) {
      throw Error(Errc::conflict, fmt::format("username '{}' is already taken", username));
    }
    throw;
  }
  return User{tx.conn().last_insert_rowid(), std::string(username),
              email ? std::optional<std::string>(*email) : std::nullopt,
              Timestamp{std::chrono::seconds{now}}};
}

std::optional<UserRow> find_user_by_name(Transaction& tx, std::string_view username) {
  auto st = tx.cached(
      "SELECT id, username, email, created_at, password_hash FROM users WHERE username = ?1");
  st->bind_all(username);
  if (!st->step()) return std::nullopt;
  return UserRow{read_user(*st), st->get_text(4)};
}

std::optional<User> find_user_by_id(Transaction& tx, UserId id) {
  auto st = tx.cached("SELECT id, username, email, created_at FROM users WHERE id = ?1");
  st->bind_all(id);
  if (!st->step()) return std::nullopt;
  return read_user(*st);
}

void update_password_hash(Transaction& tx, UserId id, std::string_view hash) {
  auto st = tx.cached("UPDATE users SET password_hash = ?2 WHERE id = ?1");
  st->bind_all(id, hash);
  st->run();
}

}  // namespace eventcollab::storage
