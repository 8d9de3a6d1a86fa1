// SPDX-License-Identifier: MIT
#pragma once

#include <libpq-fe.h>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

// The smallest RAII over libpq that the PostgreSQL floor, seeder and space report need:
// connect, prepare once, execute with text parameters, COPY. Like raw_sqlite.hpp, it does no
// more than a careful hand-written program would.
namespace eventcollab::bench {

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  int rows() const { return PQntuples(r_.get()); }
  bool null_at(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view view_at(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col),
            static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
  }
  std::string text_at(int row, int col) const { return std::string(view_at(row, col)); }
  std::optional<std::string> opt_text_at(int row, int col) const {
    if (null_at(row, col)) return std::nullopt;
    return text_at(row, col);
  }
  std::int64_t int_at(int row, int col) const {
    const auto v = view_at(row, col);
    std::int64_t out = 0;
    std::from_chars(v.data(), v.data() + v.size(), out);
    return out;
  }
  PGresult* get() const { return r_.get(); }

 private:
  struct Clear {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> r_;
};

/// A statement's text parameters, formatted into fixed buffers (no allocation per call for
/// numbers; text parameters point at the caller's strings, which must outlive the call).
template <int N>
class PgParams {
 public:
  void set(int i, std::int64_t v) {
    auto* end = std::to_chars(numbers_[i], numbers_[i] + sizeof numbers_[i] - 1, v).ptr;
    *end = '\0';
    values_[i] = numbers_[i];
  }
  /// `v` must be NUL-terminated (a std::string's data()).
  void set(int i, const std::string& v) { values_[i] = v.c_str(); }
  void set(int i, const std::optional<std::string>& v) { values_[i] = v ? v->c_str() : nullptr; }
  const char* const* values() const { return values_; }

 private:
  char numbers_[N][24]{};
  const char* values_[N]{};
};

class PgConn {
 public:
  explicit PgConn(const std::string& url) : c_(PQconnectdb(url.c_str())) {
    if (PQstatus(c_.get()) != CONNECTION_OK) {
      throw std::runtime_error(fmt::format("connect to PostgreSQL: {}", PQerrorMessage(c_.get())));
    }
    // NOTICEs ("database ... does not exist, skipping") are not the report's business.
    PQsetNoticeProcessor(
        c_.get(), [](void*, const char*) {}, nullptr);
  }

  /// Runs SQL without parameters (several statements allowed); returns the last result.
  PgResult exec(const std::string& sql) { return checked(PQexec(c_.get(), sql.c_str()), sql); }
  /// The first column of the first row, or "" when there is none.
  std::string value(const std::string& sql) {
    const PgResult r = exec(sql);
    return r.rows() > 0 && !r.null_at(0, 0) ? r.text_at(0, 0) : std::string();
  }
  void prepare(const char* name, const std::string& sql, int params) {
    checked(PQprepare(c_.get(), name, sql.c_str(), params, nullptr), sql);
  }
  template <int N>
  PgResult run(const char* name, const PgParams<N>& p) {
    return checked(PQexecPrepared(c_.get(), name, N, p.values(), nullptr, nullptr, 0), name);
  }
  PgResult run(const char* name) {
    return checked(PQexecPrepared(c_.get(), name, 0, nullptr, nullptr, nullptr, 0), name);
  }

  /// COPY ... FROM STDIN: begin, put text-format data, end.
  void copy_begin(const std::string& sql) {
    PgResult r(PQexec(c_.get(), sql.c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) fail(sql);
  }
  void copy_put(std::string_view data) {
    if (PQputCopyData(c_.get(), data.data(), static_cast<int>(data.size())) != 1) fail("COPY data");
  }
  void copy_end() {
    if (PQputCopyEnd(c_.get(), nullptr) != 1) fail("COPY end");
    checked(PQgetResult(c_.get()), "COPY");
    while (PGresult* extra = PQgetResult(c_.get())) PQclear(extra);
  }

  PGconn* handle() const { return c_.get(); }

 private:
  PgResult checked(PGresult* raw, std::string_view what) {
    PgResult r(raw);
    const auto status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(what);
    return r;
  }
  [[noreturn]] void fail(std::string_view what) {
    throw std::runtime_error(fmt::format("PostgreSQL `{}`: {}", what, PQerrorMessage(c_.get())));
  }

  struct Finish {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
  };
  std::unique_ptr<PGconn, Finish> c_;
};

}  // namespace eventcollab::bench
