// SPDX-License-Identifier: MIT
#include "storage/sqlite/login_failure_repository.hpp"

namespace eventcollab::storage {

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

void clear_login_failures(Transaction& tx, std::string_view username_key) {
  auto st = tx.cached("DELETE FROM login_failures WHERE username_key = ?1");
  st->bind_all(username_key);
  st->run();
}

void prune_login_failures(Transaction& tx, std::int64_t before, std::int64_t limit) {
  auto st = tx.cached(
      "DELETE FROM login_failures WHERE rowid IN "
      "(SELECT rowid FROM login_failures WHERE failed_at <= ?1 ORDER BY failed_at LIMIT ?2)");
  st->bind_all(before, limit);
  st->run();
}

}  // namespace eventcollab::storage
