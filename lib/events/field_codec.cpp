// SPDX-License-Identifier: MIT
#include "events/field_codec.hpp"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "eventcollab/error.hpp"
#include "events/fields.hpp"

namespace eventcollab::events {
namespace {

using nlohmann::json;

std::int64_t secs(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp ts(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }

[[noreturn]] void corrupt(std::string_view column) {
  throw Error(Errc::internal,
              fmt::format("column {} holds a value the library never writes", column));
}

json optional_json(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

std::optional<std::string> optional_of(const json& v) {
  if (v.is_null()) return std::nullopt;
  return v.get<std::string>();
}

}  // namespace

std::string encode_times(const std::vector<Timestamp>& times) {
  std::string out;
  for (Timestamp t : times) {
    if (!out.empty()) out += ',';
    out += std::to_string(secs(t));
  }
  return out;
}

std::vector<Timestamp> decode_times(std::string_view text, std::string_view column) {
  std::vector<Timestamp> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc{} || end != item.data() + item.size()) corrupt(column);
    out.push_back(ts(v));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string encode_overrides(const std::vector<OccurrenceOverride>& overrides) {
  if (overrides.empty()) return {};
  json out = json::array();
  for (const auto& o : overrides) {
    out.push_back({{"recurrence_id", secs(o.recurrence_id)},
                   {"title", o.title},
                   {"description", optional_json(o.description)},
                   {"location", optional_json(o.location)},
                   {"start", secs(o.start)},
                   {"end", secs(o.end)}});
  }
  return out.dump();
}

std::vector<OccurrenceOverride> decode_overrides(std::string_view text, std::string_view column) {
  std::vector<OccurrenceOverride> out;
  if (text.empty()) return out;
  try {
    const json doc = json::parse(text);
    for (const json& o : doc) {
      out.push_back({ts(o.at("recurrence_id").get<std::int64_t>()),
                     o.at("title").get<std::string>(), optional_of(o.at("description")),
                     optional_of(o.at("location")), ts(o.at("start").get<std::int64_t>()),
                     ts(o.at("end").get<std::int64_t>())});
    }
  } catch (const json::exception&) {
    corrupt(column);
  }
  return out;
}

std::optional<std::string> field_text(const std::vector<OccurrenceOverride>& v, bool all_day) {
  json out = json::array();
  for (const auto& o : v) {
    out.push_back({{"recurrence_id", time_text(o.recurrence_id, all_day)},
                   {"title", o.title},
                   {"description", optional_json(o.description)},
                   {"location", optional_json(o.location)},
                   {"start_time", time_text(o.start, all_day)},
                   {"end_time", time_text(o.end, all_day)}});
  }
  return out.dump();
}

}  // namespace eventcollab::events
