// SPDX-License-Identifier: MIT
#include "json/shapes.hpp"

#include <array>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "events/batch.hpp"
#include "events/fields.hpp"

namespace eventcollab::json {
namespace {

json optional_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json time(Timestamp t) { return format_rfc3339(t); }

[[noreturn]] void invalid(const std::string& message) {
  throw Error(Errc::invalid_argument, message);
}

const json& require_object(const json& body) {
  if (!body.is_object()) invalid("the request body must be a JSON object");
  return body;
}

// A key as it may appear in a message: at most 40 bytes (cut at a UTF-8 boundary), control
// bytes escaped, so a hostile key can neither flood nor forge output.
std::string shown_key(std::string_view key) {
  constexpr std::size_t kMax = 40;
  std::string out;
  std::size_t n = 0;
  for (; n < key.size() && n < kMax; ++n) {
    const auto c = static_cast<unsigned char>(key[n]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (n < key.size()) {
    // A cut inside a UTF-8 sequence drops its first bytes too, so the text stays valid.
    auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
    if (continuation(key[n])) {
      while (!out.empty() && continuation(out.back())) out.pop_back();
      if (!out.empty()) out.pop_back();  // the sequence's lead byte
    }
    out += "...";
  }
  return out;
}

// Rejects fields not in `allowed`, so a typo is an error rather than a silent no-op.
void only(const json& body, std::span<const std::string_view> allowed) {
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known) invalid(fmt::format("unknown field '{}'", shown_key(key)));
  }
}

void only(const json& body, std::initializer_list<std::string_view> allowed) {
  only(body, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

// The keys of an event body: the table's fields, then `extra`.
constexpr std::size_t kInputFields = [] {
  std::size_t n = 0;
  for (const auto& f : events::kFieldInfos) n += f.input() ? 1 : 0;
  return n;
}();

template <std::size_t N>
constexpr auto event_keys(std::array<std::string_view, N> extra) {
  std::array<std::string_view, kInputFields + N> keys{};
  std::size_t k = 0;
  for (const auto& f : events::kFieldInfos) {
    if (f.input()) keys[k++] = f.name;
  }
  for (std::size_t i = 0; i < N; ++i) keys[kInputFields + i] = extra[i];
  return keys;
}
constexpr auto kDraftKeys = event_keys(std::array<std::string_view, 0>{});
constexpr auto kUpdateKeys = event_keys(std::array<std::string_view, 1>{"version"});

const json* field(const json& body, std::string_view name) {
  auto it = body.find(std::string(name));
  return it == body.end() ? nullptr : &*it;
}

std::string required_string(const json& body, std::string_view name) {
  const json* v = field(body, name);
  if (v == nullptr || v->is_null()) invalid(fmt::format("{} is required", name));
  if (!v->is_string()) invalid(fmt::format("{} must be a string", name));
  return v->get<std::string>();
}

std::optional<std::string> optional_string(const json& body, std::string_view name) {
  const json* v = field(body, name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) invalid(fmt::format("{} must be a string or null", name));
  return v->get<std::string>();
}

std::int64_t integer(const json& v, const char* name) {
  if (!v.is_number_integer()) invalid(fmt::format("{} must be an integer", name));
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX) {
    invalid(fmt::format("{} is out of range", name));
  }
  return v.get<std::int64_t>();
}

// A field's value in JSON: text as is, unset as null, times RFC 3339 UTC (dates when the
// event is all-day), lists of times as arrays.
json field_json(const std::string& v, bool) { return v; }
json field_json(const std::optional<std::string>& v, bool) { return optional_text(v); }
json field_json(Timestamp v, bool all_day) { return events::time_text(v, all_day); }
json field_json(bool v, bool) { return v; }
json field_json(const std::vector<Timestamp>& v, bool all_day) {
  json out = json::array();
  for (Timestamp t : v) out.push_back(events::time_text(t, all_day));
  return out;
}
json field_json(const std::vector<OccurrenceOverride>& v, bool all_day) {
  json out = json::array();
  for (const auto& o : v) {
    out.push_back({{"recurrence_id", events::time_text(o.recurrence_id, all_day)},
                   {"title", o.title},
                   {"description", optional_text(o.description)},
                   {"location", optional_text(o.location)},
                   {"start_time", events::time_text(o.start, all_day)},
                   {"end_time", events::time_text(o.end, all_day)}});
  }
  return out;
}

// Adds the table's fields of `from` to `out`.
template <class From>
void put_fields(json& out, const From& from) {
  events::for_each_field(
      [&](const auto& f) { out[std::string(f.info.name)] = field_json(f.of(from), from.all_day); });
}

// A time in the form all_day asks for: a date, or an RFC 3339 date-time with offset.
Timestamp time_in_form(const json& v, std::string_view name, bool all_day) {
  if (!v.is_string()) {
    invalid(fmt::format("{} must be {}", name,
                        all_day ? "a date string (YYYY-MM-DD)" : "an RFC 3339 string"));
  }
  const auto& text = v.get_ref<const std::string&>();
  const bool date_form = text.size() == 10;
  if (all_day && !date_form) {
    invalid(fmt::format("{} must be a date (YYYY-MM-DD) for an all-day event", name));
  }
  if (!all_day && date_form) {
    invalid(
        fmt::format("{} must be a date-time with an offset for a timed event (a date is "
                    "for all-day events)",
                    name));
  }
  try {
    return all_day ? to_timestamp(parse_date(text)) : parse_rfc3339(text);
  } catch (const Error& e) {
    invalid(fmt::format("{}: {}", name, e.what()));
  }
}

std::vector<Timestamp> times_in_form(const json& v, std::string_view name, bool all_day) {
  if (!v.is_array()) invalid(fmt::format("{} must be an array", name));
  std::vector<Timestamp> out;
  for (const json& item : v) out.push_back(time_in_form(item, name, all_day));
  return out;
}

bool flag(const json& v, std::string_view name) {
  if (!v.is_boolean()) invalid(fmt::format("{} must be true or false", name));
  return v.get<bool>();
}

bool has_default(std::string_view name) {
  for (const auto& f : events::kFieldInfos) {
    if (f.name == name) return f.has_default;
  }
  return false;
}

// Reads a draft field as its kind requires: required text or time, optional text; a field
// with a default may be left out.
void read_field(const json& body, std::string_view name, std::string& out, bool) {
  const json* v = field(body, name);
  if (v == nullptr && has_default(name)) return;  // the default stays
  out = required_string(body, name);
}
void read_field(const json& body, std::string_view name, std::optional<std::string>& out, bool) {
  out = optional_string(body, name);
}
void read_field(const json& body, std::string_view name, Timestamp& out, bool all_day) {
  const json* v = field(body, name);
  if (v == nullptr || v->is_null()) invalid(fmt::format("{} is required", name));
  out = time_in_form(*v, name, all_day);
}
void read_field(const json& body, std::string_view name, bool& out, bool) {
  if (const json* v = field(body, name)) out = flag(*v, name);
}
void read_field(const json& body, std::string_view name, std::vector<Timestamp>& out,
                bool all_day) {
  if (const json* v = field(body, name)) out = times_in_form(*v, name, all_day);
}
void read_field(const json&, std::string_view, std::vector<OccurrenceOverride>&, bool) {}

// Reads a patch field if present: null clears what may be cleared, else is an error.
void read_patch(const json& v, std::string_view name, std::optional<std::string>& out, bool) {
  if (v.is_null()) invalid(fmt::format("{} cannot be cleared", name));
  if (!v.is_string()) invalid(fmt::format("{} must be a string", name));
  out = v.get<std::string>();
}
void read_patch(const json& v, std::string_view name, std::optional<Timestamp>& out, bool all_day) {
  if (v.is_null()) invalid(fmt::format("{} cannot be cleared", name));
  out = time_in_form(v, name, all_day);
}
void read_patch(const json& v, std::string_view name, ClearableText& out, bool) {
  if (v.is_null()) {
    out = ClearableText(clear);
  } else if (!v.is_string()) {
    invalid(fmt::format("{} must be a string or null", name));
  } else {
    out = ClearableText(v.get<std::string>());
  }
}
void read_patch(const json& v, std::string_view name, std::optional<bool>& out, bool) {
  if (v.is_null()) invalid(fmt::format("{} cannot be cleared", name));
  out = flag(v, name);
}
void read_patch(const json& v, std::string_view name, std::optional<std::vector<Timestamp>>& out,
                bool all_day) {
  out = v.is_null() ? std::vector<Timestamp>{} : times_in_form(v, name, all_day);
}

// A diff's value as JSON: what the field's own key carries in an event.
json change_json(std::string_view name, const std::optional<std::string>& text) {
  if (!text) return nullptr;
  for (const auto& f : events::kFieldInfos) {
    if (f.name != name) continue;
    switch (f.kind) {
      case events::FieldKind::flag:
        return *text == "true";
      case events::FieldKind::times: {
        json out = json::array();
        for (std::size_t at = 0; at < text->size();) {
          const auto comma = std::min(text->find(',', at), text->size());
          out.push_back(text->substr(at, comma - at));
          at = comma + 1;
        }
        return out;
      }
      case events::FieldKind::overrides:
        return json::parse(*text);
      case events::FieldKind::text:
      case events::FieldKind::optional_text:
      case events::FieldKind::time:
        break;
    }
  }
  return *text;
}

}  // namespace

json parse_body(std::string_view text, std::string_view subject) {
  // The keys seen so far in each object still open, innermost last.
  std::vector<std::unordered_set<std::string>> open_objects;
  const json::parser_callback_t strict = [&](int depth, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        // nlohmann's parser does not recurse, but deep documents are never legitimate here
        // and cost memory and time in every later walk over them.
        if (depth >= kMaxJsonDepth) {
          throw SyntaxError(fmt::format("{} nested deeper than {} levels", subject, kMaxJsonDepth));
        }
        if (event == json::parse_event_t::object_start) open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        open_objects.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_objects.back().insert(parsed.get_ref<const std::string&>()).second) {
          throw SyntaxError(fmt::format("duplicate key '{}' in {}",
                                        shown_key(parsed.get_ref<const std::string&>()), subject));
        }
        break;
      case json::parse_event_t::array_end:
      case json::parse_event_t::value:
        break;
    }
    return true;
  };
  try {
    return json::parse(text.data(), text.data() + text.size(), strict);
  } catch (const json::parse_error& e) {
    // Not e.what(): it quotes the input back, and the input may hold a password.
    throw SyntaxError(fmt::format("malformed {} (at byte {})", subject, e.byte));
  }
}

json to_json(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"email", optional_text(u.email)},
          {"created_at", time(u.created_at)}};
}

json to_json(const TokenPair& t) {
  return {{"access_token", t.access_token},
          {"token_type", t.token_type},
          {"expires_in", t.expires_in},
          {"refresh_token", t.refresh_token}};
}

json to_json(const Event& e) {
  json out = {{"id", e.id},
              {"owner_id", e.owner_id},
              {"version", e.version},
              {"created_at", time(e.created_at)},
              {"updated_at", time(e.updated_at)},
              {"permission", to_string(e.permission)}};
  put_fields(out, e);
  return out;
}

json to_json(const Share& s) {
  return {
      {"user_id", s.user_id}, {"username", s.username}, {"permission", to_string(s.permission)}};
}

json to_json(const Version& v) {
  json out = {{"version", v.number},
              {"updated_by", v.updated_by},
              {"updated_by_username", v.updated_by_username},
              {"updated_at", time(v.updated_at)},
              {"change", to_string(v.change)}};
  put_fields(out, v);
  return out;
}

json to_json(const Diff& d) {
  json changes = json::array();
  for (const auto& c : d.changes) {
    changes.push_back({{"field", c.field},
                       {"old", change_json(c.field, c.old_value)},
                       {"new", change_json(c.field, c.new_value)}});
  }
  return {{"from", d.from}, {"to", d.to}, {"changes", std::move(changes)}};
}

json to_json(const ChangelogEntry& c) {
  return {{"version", c.number},
          {"updated_by", c.updated_by},
          {"updated_by_username", c.updated_by_username},
          {"updated_at", time(c.updated_at)},
          {"change", to_string(c.change)},
          {"fields", c.fields}};
}

json to_json(const Change& c) {
  return {{"seq", c.seq},         {"event_id", c.event_id}, {"kind", to_string(c.type)},
          {"version", c.version}, {"at", time(c.at)},       {"by", c.by}};
}

json to_json(const ChangePage& p) {
  json changes = json::array();
  for (const auto& c : p.changes) changes.push_back(to_json(c));
  return {{"changes", std::move(changes)}, {"cursor", p.cursor}, {"more", p.more}};
}

json to_json(const SchemaStatus& s) {
  return {
      {"current", s.current}, {"latest", s.latest}, {"applied", s.applied}, {"pending", s.pending}};
}

json to_json(const CheckReport& r) { return {{"ok", r.ok()}, {"problems", r.problems}}; }

json error_body(const Error& e) {
  json body = {{"detail", e.what()}};
  if (e.item_index()) body["index"] = *e.item_index();
  return body;
}

json error_body(std::string_view message) { return {{"detail", message}}; }

RegisterRequest parse_register(const json& body) {
  only(require_object(body), {"username", "password", "email"});
  return {required_string(body, "username"), required_string(body, "password"),
          optional_string(body, "email")};
}

LoginRequest parse_login(const json& body) {
  only(require_object(body), {"username", "password"});
  return {required_string(body, "username"), required_string(body, "password")};
}

std::string parse_refresh(const json& body) {
  only(require_object(body), {"refresh_token"});
  return required_string(body, "refresh_token");
}

EventDraft parse_event_draft(const json& body) {
  only(require_object(body), kDraftKeys);
  EventDraft d;
  if (const json* v = field(body, "all_day"); v != nullptr && !v->is_null()) {
    d.all_day = flag(*v, "all_day");
  }
  events::for_each_field([&](const auto& f) { read_field(body, f.info.name, f.of(d), d.all_day); });
  return d;
}

std::vector<EventDraft> parse_event_batch(const json& body) {
  if (!body.is_array()) invalid("the request body must be a JSON array of events");
  std::vector<EventDraft> drafts;
  // The size is checked before any item is decoded; both rules are the library's own.
  events::for_each_batch_item(body.size(), [&](std::size_t i) {
    if (i == 0) drafts.reserve(body.size());
    drafts.push_back(parse_event_draft(body[i]));
  });
  return drafts;
}

UpdateRequest parse_event_update(const json& body, bool current_all_day) {
  only(require_object(body), kUpdateKeys);
  UpdateRequest r;
  bool all_day = current_all_day;
  if (const json* v = field(body, "all_day"); v != nullptr && !v->is_null()) {
    all_day = flag(*v, "all_day");
  }
  events::for_each_field([&](const auto& f) {
    if constexpr (events::kPatchable<decltype(f)>) {
      if (const json* v = field(body, f.info.name)) {
        read_patch(*v, f.info.name, f.of(r.patch), all_day);
      }
    }
  });
  if (const json* v = field(body, "version"); v != nullptr && !v->is_null()) {
    r.version = integer(*v, "version");
  }
  return r;
}

Timestamp parse_event_time(const json& value, std::string_view name, bool all_day) {
  return time_in_form(value, name, all_day);
}

ShareRequest parse_share(const json& body) {
  only(require_object(body), {"username", "user_id", "permission"});
  ShareRequest r;
  r.user.username = optional_string(body, "username");
  if (const json* v = field(body, "user_id"); v != nullptr && !v->is_null()) {
    r.user.id = integer(*v, "user_id");
  }
  if (!r.user.username && !r.user.id) invalid("username or user_id is required");
  r.permission = eventcollab::parse_permission(required_string(body, "permission"));
  return r;
}

Permission parse_permission(const json& body) {
  only(require_object(body), {"permission"});
  return eventcollab::parse_permission(required_string(body, "permission"));
}

}  // namespace eventcollab::json
