// SPDX-License-Identifier: MIT
#pragma once

struct sqlite3;

namespace eventcollab::storage {

/// Registers `ec_contains_folded(needle, text, ...)` on `db`: 1 when the needle, folded by
/// text::fold_case (core/text.hpp), is a substring of any of the folded non-NULL texts,
/// else 0. `%` and `_` are plain characters. Called once for every connection the library
/// opens.
/// Throws: SqliteError when SQLite refuses the function; Error(storage) when the C.UTF-8
/// locale is missing (libc-bin ships it on every Debian).
///
/// PostgreSQL later: in a UTF-8 database, `strpos(lower(col), lower($1)) > 0` (or `ILIKE`
/// with `%`/`_` escaped) does the same folding through the database's ctype locale; an ICU
/// or C.UTF-8 collation on the column makes it independent of the server's default locale.
void register_text_functions(sqlite3* db);

}  // namespace eventcollab::storage
