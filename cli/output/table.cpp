// SPDX-License-Identifier: MIT
#include "output/table.hpp"

#include <algorithm>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace eventcollab::cli {
namespace {

// Code points, not bytes, so that "Café" lines up with "Cafe". (Wide CJK glyphs still take
// two columns; good enough for a terminal table.)
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(std::string_view s, std::size_t to) {
  std::string out(s);
  out.append(to > width(s) ? to - width(s) : 0, ' ');
  return out;
}

std::string sanitize(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (keep_newlines && c == '\n') {
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void Table::print() const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t i = 0; i < headers_.size(); ++i) widths[i] = width(headers_[i]);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], width(row[i]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line += i + 1 == row.size() ? row[i] : pad(row[i], widths[i]) + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  };
  print_row(headers_);
  for (const auto& row : rows_) print_row(row);
}

void print_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::size_t label_width = 0;
  for (const auto& [label, value] : fields) label_width = std::max(label_width, width(label));
  const std::string indent(label_width + 2, ' ');
  for (const auto& [label, value] : fields) {
    std::string shown;
    for (char c : value) {
      shown += c;
      if (c == '\n') shown += indent;
    }
    fmt::print("{}  {}\n", pad(label, label_width), shown);
  }
}

std::string cell(std::string_view text, std::size_t max_width) {
  std::string clean = sanitize(text, false);
  if (width(clean) <= max_width) return clean;
  // Cut at a code-point boundary and mark the cut.
  std::string out;
  std::size_t seen = 0;
  for (char c : clean) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++seen > max_width - 1) break;
    out += c;
  }
  return out + "\xE2\x80\xA6";  // U+2026
}

std::string text_block(std::string_view text) { return sanitize(text, true); }

std::string or_dash(const std::optional<std::string>& text, std::size_t max_width) {
  return text ? cell(*text, max_width) : "-";
}

std::string readable_time(Timestamp t) {
  const auto seconds = t.time_since_epoch().count() % 60;
  return seconds == 0 ? fmt::format("{:%Y-%m-%d %H:%M} UTC", t)
                      : fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", t);
}

}  // namespace eventcollab::cli
