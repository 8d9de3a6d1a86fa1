// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace eventcollab::storage {

/// A prepared statement owned by value. Column getters return owned values, so nothing
/// dangles after the next step().
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : db_(db), stmt_(stmt) {}

  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, std::string_view value);
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind_blob(int index, const void* data, std::size_t size);
  void bind(int index, std::nullopt_t);
  template <class T>
  void bind(int index, const std::optional<T>& value) {
    if (value) {
      bind(index, *value);
    } else {
      bind(index, std::nullopt);
    }
  }

  /// Binds arguments to ?1, ?2, ... in order.
  template <class... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  /// Advances; true while a row is available. Throws SqliteError.
  bool step();
  /// Steps a statement that returns no rows (or ignores them).
  void run();

  bool is_null(int column) const;
  std::int64_t get_int(int column) const;
  std::string get_text(int column) const;
  std::optional<std::string> get_optional_text(int column) const;
  std::string get_blob(int column) const;

  /// Readies the statement for reuse with fresh bindings.
  void reset() noexcept;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const noexcept;
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

/// A cached statement handed out for one use: resets itself when the use ends, so the next
/// user finds it clean.
class StatementLease {
 public:
  explicit StatementLease(Statement& st) noexcept : st_(&st) {}
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  ~StatementLease() { st_->reset(); }
  Statement* operator->() const noexcept { return st_; }
  Statement& operator*() const noexcept { return *st_; }

 private:
  Statement* st_;
};

}  // namespace eventcollab::storage
