// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

struct sqlite3;

namespace eventcollab::storage {

/// Unicode simple case folding of UTF-8 text, character by character, as lower(upper(c)) in
/// glibc's built-in C.UTF-8 locale (so "Ä"/"ä", "Σ"/"σ"/"ς", "Ж"/"ж", "ẞ"/"ß" fold alike).
/// Bytes that are not valid UTF-8 pass through unchanged. Deterministic: it never depends on
/// the process's own locale. Throws: nothing (the locale is checked when functions register).
std::string fold_case(std::string_view text);

/// Registers `ec_contains_folded(needle, text, ...)` on `db`: 1 when the case-folded needle
/// is a substring of any of the case-folded non-NULL texts, else 0. `%` and `_` are plain
/// characters. Called once for every connection the library opens.
/// Throws: SqliteError when SQLite refuses the function; Error(storage) when the C.UTF-8
/// locale is missing (libc-bin ships it on every Debian).
///
/// PostgreSQL later: in a UTF-8 database, `strpos(lower(col), lower($1)) > 0` (or `ILIKE`
/// with `%`/`_` escaped) does the same folding through the database's ctype locale; an ICU
/// or C.UTF-8 collation on the column makes it independent of the server's default locale.
void register_text_functions(sqlite3* db);

}  // namespace eventcollab::storage
