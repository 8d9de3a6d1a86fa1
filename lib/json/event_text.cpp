// SPDX-License-Identifier: MIT
#include "json/event_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/fields.hpp"

namespace eventcollab::json {
namespace {

// Valid UTF-8 (no overlongs, surrogates or values past U+10FFFF), as nlohmann's decoder
// accepts it.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

void append_value(std::string& out, const std::string& v, bool) { append_json_string(out, v); }
void append_value(std::string& out, const std::optional<std::string>& v, bool) {
  if (v) {
    append_json_string(out, *v);
  } else {
    out += "null";
  }
}
void append_value(std::string& out, Timestamp v, bool all_day) {
  if (all_day) {
    append_json_string(out, events::time_text(v, true));
  } else {
    append_time(out, v);
  }
}
void append_value(std::string& out, bool v, bool) { out += v ? "true" : "false"; }
void append_value(std::string& out, const std::vector<Timestamp>& v, bool all_day) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ',';
    append_value(out, v[i], all_day);
  }
  out += ']';
}
void append_value(std::string& out, const std::vector<OccurrenceOverride>& v, bool all_day) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto& o = v[i];
    // Keys in nlohmann's order (bytewise), as the rest of the object.
    out += i > 0 ? ",{\"description\":" : "{\"description\":";
    append_value(out, o.description, all_day);
    out += ",\"end_time\":";
    append_value(out, o.end, all_day);
    out += ",\"location\":";
    append_value(out, o.location, all_day);
    out += ",\"recurrence_id\":";
    append_value(out, o.recurrence_id, all_day);
    out += ",\"start_time\":";
    append_value(out, o.start, all_day);
    out += ",\"title\":";
    append_value(out, o.title, all_day);
    out += '}';
  }
  out += ']';
}

using Writer = void (*)(std::string&, const Event&);
struct Member {
  std::string_view key;
  Writer write;
  std::string prefix{};  // `"key":`, with the separator before it
};

template <std::size_t I>
void write_field(std::string& out, const Event& e) {
  append_value(out, std::get<I>(events::kFields).of(e), e.all_day);
}

template <std::size_t... I>
std::vector<Member> field_members(std::index_sequence<I...>) {
  return {Member{std::get<I>(events::kFields).info.name, &write_field<I>}...};
}

// The event's members in the order nlohmann's std::map keeps them: by key, bytewise.
const std::vector<Member>& event_members() {
  static const std::vector<Member> members = [] {
    auto m = field_members(std::make_index_sequence<events::kFieldCount>{});
    m.push_back({"id", [](std::string& o, const Event& e) { append_int(o, e.id); }});
    m.push_back({"owner_id", [](std::string& o, const Event& e) { append_int(o, e.owner_id); }});
    m.push_back({"version", [](std::string& o, const Event& e) { append_int(o, e.version); }});
    m.push_back(
        {"created_at", [](std::string& o, const Event& e) { append_time(o, e.created_at); }});
    m.push_back(
        {"updated_at", [](std::string& o, const Event& e) { append_time(o, e.updated_at); }});
    m.push_back({"permission", [](std::string& o, const Event& e) {
                   o += '"';
                   o += to_string(e.permission);
                   o += '"';
                 }});
    std::sort(m.begin(), m.end(), [](const Member& a, const Member& b) { return a.key < b.key; });
    for (std::size_t i = 0; i < m.size(); ++i) {
      m[i].prefix = std::string(i == 0 ? "{\"" : ",\"") + std::string(m[i].key) + "\":";
    }
    return m;
  }();
  return members;
}

}  // namespace

void append_int(std::string& out, std::int64_t v) {
  std::array<char, 24> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), end);
}

// `"YYYY-MM-DDTHH:MM:SSZ"`, as format_rfc3339 writes it, without a temporary string.
void append_time(std::string& out, Timestamp t) {
  using namespace std::chrono;
  if (t < kMinTime || t > kMaxTime) {  // never stored; keep format_rfc3339's output
    out += '"';
    out += format_rfc3339(t);
    out += '"';
    return;
  }
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  const auto put = [](char* p, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
  };
  char buf[22] = "\"0000-00-00T00:00:00Z";
  buf[21] = '"';
  put(buf + 1, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  put(buf + 6, static_cast<unsigned>(ymd.month()), 2);
  put(buf + 9, static_cast<unsigned>(ymd.day()), 2);
  put(buf + 12, static_cast<unsigned>(hms.hours().count()), 2);
  put(buf + 15, static_cast<unsigned>(hms.minutes().count()), 2);
  put(buf + 18, static_cast<unsigned>(hms.seconds().count()), 2);
  out.append(buf, sizeof buf);
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (!valid_utf8(text)) {
    // Rare (the library stores only valid UTF-8): let nlohmann decide the replacement.
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

void append_event_json(std::string& out, const Event& event) {
  for (const auto& m : event_members()) {
    out += m.prefix;
    m.write(out, event);
  }
  out += '}';
}

std::string event_to_json_text(const Event& event) {
  std::string out;
  out.reserve(256);
  append_event_json(out, event);
  return out;
}

std::string events_to_json_text(std::span<const Event> events) {
  std::string out;
  out.reserve(2 + events.size() * 256);
  out += '[';
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ',';
    append_event_json(out, events[i]);
  }
  out += ']';
  return out;
}

}  // namespace eventcollab::json
