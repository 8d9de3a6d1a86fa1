// SPDX-License-Identifier: MIT
#include "json/calendar_shapes.hpp"

#include <string>

#include <fmt/format.h>

#include "events/fields.hpp"

namespace eventcollab::json {
namespace {

json optional_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

[[noreturn]] void invalid(const std::string& message) {
  throw Error(Errc::invalid_argument, message);
}

bool known(std::string_view key) {
  for (std::string_view k :
       {"title", "description", "location", "start_time", "end_time", "version"}) {
    if (key == k) return true;
  }
  return false;
}

std::optional<std::string> text_or_clear(const json& v, std::string_view name, bool clearable) {
  if (v.is_null()) {
    if (!clearable) invalid(fmt::format("{} cannot be cleared", name));
    return std::nullopt;
  }
  if (!v.is_string()) {
    invalid(fmt::format("{} must be a string{}", name, clearable ? " or null" : ""));
  }
  return v.get<std::string>();
}

}  // namespace

json to_json(const Occurrence& o) {
  return {{"event_id", o.event_id},
          {"recurrence_id",
           o.recurrence_id ? json(events::time_text(*o.recurrence_id, o.all_day)) : json(nullptr)},
          {"start_time", events::time_text(o.start, o.all_day)},
          {"end_time", events::time_text(o.end, o.all_day)},
          {"all_day", o.all_day},
          {"timezone", o.timezone},
          {"title", o.title},
          {"description", optional_text(o.description)},
          {"location", optional_text(o.location)},
          {"permission", to_string(o.permission)},
          {"version", o.version},
          {"overridden", o.overridden}};
}

json to_json(const std::vector<Occurrence>& items) {
  json out = json::array();
  for (const auto& o : items) out.push_back(to_json(o));
  return out;
}

json to_json(const FreeBusy& f) {
  json users = json::array();
  for (const UserBusy& u : f.users) {
    json busy = json::array();
    for (const BusyInterval& b : u.busy) {
      busy.push_back({{"start", format_rfc3339(b.start)}, {"end", format_rfc3339(b.end)}});
    }
    users.push_back({{"username", u.username}, {"busy", std::move(busy)}});
  }
  return {{"from", format_rfc3339(f.from)}, {"to", format_rfc3339(f.to)}, {"users", users}};
}

json to_json(const Conflict& c) { return {{"a", to_json(c.a)}, {"b", to_json(c.b)}}; }

json to_json(const std::vector<Conflict>& items) {
  json out = json::array();
  for (const auto& c : items) out.push_back(to_json(c));
  return out;
}

json error_body(const OverlapError& e) {
  json body = error_body(static_cast<const Error&>(e));
  body["conflicts"] = to_json(e.overlapped());
  return body;
}

OccurrenceRequest parse_occurrence_patch(const json& body, bool all_day) {
  if (!body.is_object()) invalid("the request body must be a JSON object");
  OccurrenceRequest r;
  for (const auto& [key, v] : body.items()) {
    if (!known(key)) {
      // Only a short, printable prefix of the key: it is client text.
      std::string shown;
      for (char c : key.substr(0, 40)) shown += (c >= 0x20 && c != 0x7f) ? c : '?';
      invalid(fmt::format("unknown field '{}'", shown));
    }
  }
  if (auto it = body.find("title"); it != body.end())
    r.patch.title = text_or_clear(*it, "title", false);
  if (auto it = body.find("description"); it != body.end()) {
    r.patch.description = text_or_clear(*it, "description", true);
  }
  if (auto it = body.find("location"); it != body.end()) {
    r.patch.location = text_or_clear(*it, "location", true);
  }
  if (auto it = body.find("start_time"); it != body.end()) {
    r.patch.start = parse_event_time(*it, "start_time", all_day);
  }
  if (auto it = body.find("end_time"); it != body.end()) {
    r.patch.end = parse_event_time(*it, "end_time", all_day);
  }
  if (auto it = body.find("version"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer() ||
        (it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX)) {
      invalid("version must be an integer");
    }
    r.version = it->get<std::int64_t>();
  }
  return r;
}

Timestamp parse_recurrence_id(std::string_view text) {
  try {
    return text.size() == 10 ? to_timestamp(parse_date(text)) : parse_rfc3339(text);
  } catch (const Error&) {
    throw Error(Errc::not_found, "no such occurrence");
  }
}

void require_recurrence_form(std::string_view text, bool all_day) {
  if ((text.size() == 10) != all_day) throw Error(Errc::not_found, "no such occurrence");
}

OverlapPolicy parse_overlap_policy(const std::optional<std::string>& text) {
  if (!text || *text == "allow") return OverlapPolicy::allow;
  if (*text == "reject") return OverlapPolicy::reject;
  invalid("conflicts must be 'allow' or 'reject'");
}

}  // namespace eventcollab::json
