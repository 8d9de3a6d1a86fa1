// SPDX-License-Identifier: MIT
#include "storage/sqlite/connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "storage/sqlite/sqlite_error.hpp"
#include "storage/sqlite/text_fold.hpp"

namespace eventcollab::storage {

void Connection::Close::operator()(sqlite3* db) const noexcept {
  // close_v2 cannot fail on unfinalized statements; it defers the close instead.
  sqlite3_close_v2(db);
}

namespace {

// The file holds the signing key and session ids: it is created owner-only, whatever the
// umask. SQLite would create it 0644 & ~umask; creating it first (empty, which SQLite reads as
// a new database) fixes the mode, and SQLite copies the mode to the -wal and -shm it creates.
void create_owner_only(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;  // another process was first: theirs is created the same way
    throw SqliteError(SQLITE_CANTOPEN,
                      fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
  }
  const int rc = ::fchmod(fd, 0600);  // the umask may have removed bits, never added any
  ::close(fd);
  if (rc != 0) {
    throw SqliteError(SQLITE_CANTOPEN, fmt::format("cannot set the mode of {}: {}", file.string(),
                                                   std::strerror(errno)));
  }
}

}  // namespace

Connection Connection::open(const std::filesystem::path& file, OpenMode mode,
                            std::int64_t busy_timeout_ms) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  switch (mode) {
    case OpenMode::read_only:
      flags |= SQLITE_OPEN_READONLY;
      break;
    case OpenMode::read_write:
      flags |= SQLITE_OPEN_READWRITE;
      break;
    case OpenMode::read_write_create:
      create_owner_only(file);
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Connection conn(raw);  // owns raw even when open failed
  if (rc != SQLITE_OK) throw_sqlite(raw, rc, "opening " + file.string());
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout_ms));
  register_text_functions(raw);  // list search folds case through it
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // finalize statements before the connection closes
}

void Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK)
    throw_sqlite(db_.get(), sqlite3_extended_errcode(db_.get()), "executing SQL");
}

Statement Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc =
      sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db_.get(), rc, "preparing a statement");
  return Statement(db_.get(), stmt);
}

StatementLease Connection::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_.get(), rc, "preparing a statement");
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_.get(), stmt)).first;
  }
  return StatementLease(*it->second);
}

std::int64_t Connection::query_int(std::string_view sql) {
  Statement st = prepare(sql);
  return st.step() ? st.get_int(0) : 0;
}

std::int64_t Connection::last_insert_rowid() const noexcept {
  return sqlite3_last_insert_rowid(db_.get());
}

int Connection::changes() const noexcept { return sqlite3_changes(db_.get()); }

}  // namespace eventcollab::storage
