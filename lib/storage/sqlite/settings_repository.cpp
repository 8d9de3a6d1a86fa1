// SPDX-License-Identifier: MIT
#include "storage/sqlite/settings_repository.hpp"

namespace eventcollab::storage {

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
