// SPDX-License-Identifier: MIT
#include "json/change_text.hpp"

#include "json/event_text.hpp"

namespace eventcollab::json {

void append_change_json(std::string& out, const Change& change) {
  out += "{\"at\":";
  append_time(out, change.at);
  out += ",\"by\":";
  append_int(out, change.by);
  out += ",\"event_id\":";
  append_int(out, change.event_id);
  out += ",\"kind\":";
  append_json_string(out, to_string(change.type));
  out += ",\"seq\":";
  append_int(out, change.seq);
  out += ",\"version\":";
  append_int(out, change.version);
  out += '}';
}

std::string change_to_json_text(const Change& change) {
  std::string out;
  out.reserve(128);
  append_change_json(out, change);
  return out;
}

std::string change_page_to_json_text(const ChangePage& page) {
  std::string out;
  out.reserve(32 + page.changes.size() * 110 + page.cursor.size());
  out += "{\"changes\":[";
  for (std::size_t i = 0; i < page.changes.size(); ++i) {
    if (i > 0) out += ',';
    append_change_json(out, page.changes[i]);
  }
  out += "],\"cursor\":";
  append_json_string(out, page.cursor);
  out += ",\"more\":";
  out += page.more ? "true" : "false";
  out += '}';
  return out;
}

}  // namespace eventcollab::json
