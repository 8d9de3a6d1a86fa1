// SPDX-License-Identifier: MIT
// Plain-text tables for human output: columns aligned by Unicode code points.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventcollab/time.hpp"

namespace eventcollab::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const noexcept { return rows_.empty(); }
  /// Prints the header and rows to stdout, two spaces between columns.
  void print() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_{};
};

/// Prints `label  value` lines, labels padded to one width. A multi-line value is indented.
void print_fields(const std::vector<std::pair<std::string, std::string>>& fields);

/// Makes user text safe for one table cell: control characters (which could move the cursor
/// or inject terminal escapes) become U+FFFD, and long text is cut with an ellipsis.
std::string cell(std::string_view text, std::size_t max_width = 40);

/// Like cell() but keeps line breaks (for a field value in print_fields).
std::string text_block(std::string_view text);

/// `text`, or "-" when unset.
std::string or_dash(const std::optional<std::string>& text, std::size_t max_width = 40);

/// A readable UTC time: `2026-05-01 09:00 UTC` (seconds shown only when not zero).
std::string readable_time(Timestamp t);

}  // namespace eventcollab::cli
