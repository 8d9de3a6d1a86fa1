// SPDX-License-Identifier: MIT
// The JSON shapes of docs/REST.md, defined once for both fronts (the CLI's --json output and
// the HTTP adapter). Decoders reject unknown fields and wrong types with Error
// invalid_argument naming the field. parse_body() reads the text itself; its SyntaxError is
// not an Errc, since the library never sees such input (a 400 in HTTP, exit 2 in the CLI).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "eventcollab/eventcollab.hpp"

namespace eventcollab::json {

using nlohmann::json;

/// JSON text that is not one acceptable document. The message never quotes the input beyond
/// a shortened key name, so it is safe to show (the input may hold a password).
class SyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Default: 64. Containers nested deeper than this are refused; no REST shape needs more
/// than three levels.
inline constexpr int kMaxJsonDepth = 64;

/// Parses one JSON document strictly: a key repeated in one object is refused rather than
/// letting the last one win, as is nesting deeper than kMaxJsonDepth. `subject` names the
/// input in messages: "duplicate key 'title' in JSON body", "malformed JSON body (at byte 7)".
/// Throws SyntaxError.
json parse_body(std::string_view text, std::string_view subject = "JSON body");

json to_json(const User& u);
json to_json(const TokenPair& t);
json to_json(const Event& e);
json to_json(const Share& s);
json to_json(const Version& v);
json to_json(const Diff& d);
json to_json(const ChangelogEntry& c);
json to_json(const Change& c);
json to_json(const ChangePage& p);
json to_json(const SchemaStatus& s);
json to_json(const CheckReport& r);

template <class T>
json to_json(const std::vector<T>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

/// `{"detail": message}`, plus `"index"` for a failed batch item.
json error_body(const Error& e);
json error_body(std::string_view message);

struct RegisterRequest {
  std::string username;
  std::string password;
  std::optional<std::string> email;
};
RegisterRequest parse_register(const json& body);

struct LoginRequest {
  std::string username;
  std::string password;
};
LoginRequest parse_login(const json& body);

/// `{"refresh_token"}`.
std::string parse_refresh(const json& body);

/// An event body for create: title, start_time, end_time required; description, location
/// optional (null means unset).
EventDraft parse_event_draft(const json& body);

/// A JSON array of 1–1000 event bodies; a bad item throws with Error::item_index().
std::vector<EventDraft> parse_event_batch(const json& body);

struct UpdateRequest {
  EventPatch patch;
  std::optional<std::int64_t> version;  ///< the body's optional "version"
};
/// Any subset of the event fields plus "version"; null clears description or location.
UpdateRequest parse_event_update(const json& body, bool current_all_day = false);

/// One time of an event in the form its all_day asks for: a date (YYYY-MM-DD) when all-day,
/// else an RFC 3339 date-time with an offset; `name` is the field or option named in errors.
/// Throws Error: invalid_argument (the other form, or text that does not parse).
Timestamp parse_event_time(const json& value, std::string_view name, bool all_day);

struct ShareRequest {
  UserRef user;
  Permission permission = Permission::read;
};
/// `{"username" or "user_id", "permission"}`.
ShareRequest parse_share(const json& body);

/// `{"permission"}`.
Permission parse_permission(const json& body);

}  // namespace eventcollab::json
