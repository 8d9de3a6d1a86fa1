// SPDX-License-Identifier: MIT
#include "storage/sqlite/text_fold.hpp"

#include <sqlite3.h>

#include <new>

#include "core/text.hpp"
#include "eventcollab/error.hpp"
#include "storage/sqlite/sqlite_error.hpp"

namespace eventcollab::storage {
namespace {

std::string_view text_of(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v)))
           : std::string_view();
}

void destroy_string(void* p) { delete static_cast<std::string*>(p); }

void contains_folded(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc < 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  // The needle is one bound parameter per statement: fold it once and hand it to SQLite as
  // auxdata at the end of the call (SQLite may free it at once, so it is not used after).
  const auto* needle = static_cast<const std::string*>(sqlite3_get_auxdata(ctx, 0));
  std::string* fresh = nullptr;
  if (needle == nullptr) {
    fresh = new (std::nothrow) std::string();
    if (fresh == nullptr) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    text::fold_case_into(text_of(argv[0]), *fresh);
    needle = fresh;
  }
  thread_local std::string hay;
  int found = 0;
  for (int i = 1; i < argc && found == 0; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
    text::fold_case_into(text_of(argv[i]), hay);
    found = hay.find(*needle) != std::string::npos ? 1 : 0;
  }
  sqlite3_result_int(ctx, found);
  if (fresh != nullptr) sqlite3_set_auxdata(ctx, 0, fresh, destroy_string);
}

}  // namespace

void register_text_functions(sqlite3* db) {
  if (!text::case_folding_available()) {
    throw Error(Errc::storage, "the C.UTF-8 locale is missing (it ships with libc-bin)");
  }
  const int rc = sqlite3_create_function_v2(db, "ec_contains_folded", -1,
                                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                            nullptr, contains_folded, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db, rc, "registering ec_contains_folded");
}

}  // namespace eventcollab::storage
