// SPDX-License-Identifier: MIT
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

// The smallest RAII over sqlite3 that the raw floors and the seeder need. It deliberately does
// no more than a careful hand-written program would: prepare once, bind, step, reset.
namespace eventcollab::bench {

[[noreturn]] inline void sqlite_fail(sqlite3* db, std::string_view what) {
  throw std::runtime_error(fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : "out of memory"));
}

class RawStmt {
 public:
  RawStmt() = default;
  RawStmt(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &st_, nullptr) != SQLITE_OK) {
      sqlite_fail(db, fmt::format("prepare `{}`", sql));
    }
  }
  RawStmt(RawStmt&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }
  RawStmt& operator=(RawStmt&& o) noexcept {
    std::swap(db_, o.db_);
    std::swap(st_, o.st_);
    return *this;
  }
  RawStmt(const RawStmt&) = delete;
  RawStmt& operator=(const RawStmt&) = delete;
  ~RawStmt() { sqlite3_finalize(st_); }

  // SQLITE_STATIC: the caller keeps the text alive until step() has run, as a raw program would.
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(st_, i, v); }
  void bind(int i, std::string_view v) {
    sqlite3_bind_text64(st_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
  }
  void bind(int i, const std::optional<std::string>& v) {
    if (v) {
      bind(i, std::string_view(*v));
    } else {
      sqlite3_bind_null(st_, i);
    }
  }
  void bind_blob(int i, const void* p, std::size_t n) {
    sqlite3_bind_blob64(st_, i, p, n, SQLITE_STATIC);
  }

  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(st_);
    sqlite_fail(db_, "step");
  }
  /// Steps to the end and resets (for statements without rows).
  void run() {
    while (step()) {
    }
    sqlite3_reset(st_);
  }
  void reset() { sqlite3_reset(st_); }

  std::int64_t int_at(int c) const { return sqlite3_column_int64(st_, c); }
  std::string text_at(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c)))
             : std::string();
  }
  std::optional<std::string> opt_text_at(int c) const {
    if (sqlite3_column_type(st_, c) == SQLITE_NULL) return std::nullopt;
    return text_at(c);
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
};

/// One connection configured the way the library configures its own (WAL is already set
/// on the file; foreign keys on; the given synchronous level; the same mmap_size and busy
/// timeout), so that library/raw measures the library's own overhead.
/// What lib/storage/connection_pool.cpp sets; keep the two equal.
inline constexpr std::int64_t kMmapSize = 1 << 30;

class RawDb {
 public:
  RawDb(const std::filesystem::path& file, std::string_view synchronous) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      sqlite_fail(db_, "open " + file.string());
    }
    sqlite3_busy_timeout(db_, 10'000);
    exec(fmt::format("PRAGMA foreign_keys = ON; PRAGMA synchronous = {}; PRAGMA mmap_size = {};",
                     synchronous, kMmapSize));
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close_v2(db_); }

  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite_fail(db_, fmt::format("exec `{}`", sql));
    }
  }
  std::int64_t query_int(std::string_view sql) {
    RawStmt st(db_, sql);
    return st.step() ? st.int_at(0) : 0;
  }
  RawStmt prepare(std::string_view sql) { return RawStmt(db_, sql); }
  sqlite3* handle() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace eventcollab::bench
