// SPDX-License-Identifier: MIT
// The OpenAPI document's components. The event's content properties (Event, EventCreate,
// EventUpdate, Version) and the field names of diffs and changelogs come from the library's
// field table (events::kFieldInfos): a new row there appears here without an edit.
#include <stdexcept>
#include <string>
#include <vector>

#include "events/fields.hpp"
#include "http/openapi_parts.hpp"

namespace eventcollab::http::openapi {
namespace {

oj enumeration(std::initializer_list<std::string_view> values) {
  oj e = oj::array();
  for (std::string_view v : values) e.push_back(v);
  return {{"type", "string"}, {"enum", e}};
}

// An object schema; `required` lists property names. Closed: no other property is allowed.
oj object(oj properties, oj required, bool closed = true) {
  oj o = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) o["required"] = std::move(required);
  if (closed) o["additionalProperties"] = false;
  return o;
}
oj object(oj properties, std::initializer_list<const char*> required, bool closed = true) {
  oj names = oj::array();
  for (const char* r : required) names.push_back(r);
  return object(std::move(properties), std::move(names), closed);
}

// Where a field's schema is used, which decides whether null is a value.
enum class Use {
  value,  ///< an event or version: an unset optional field is null
  draft,  ///< a create body: an optional field may be null or left out
  patch,  ///< an update body: null clears, so only where the field is clearable
};

// A time of an event: an RFC 3339 date-time, or a date when the event is all-day (so no
// `format`, which would allow only one of the two).
oj event_time() {
  return {{"type", "string"},
          {"description", "RFC 3339 date-time (UTC `Z` in output), or YYYY-MM-DD when all_day"}};
}

// One content field's schema, from its row of the table.
oj field_schema(const events::FieldInfo& f) {
  oj s;
  switch (f.kind) {
    case events::FieldKind::text:
    case events::FieldKind::optional_text:
      s = str(f.min_length > 0 ? static_cast<long long>(f.min_length) : -1,
              static_cast<long long>(f.max_length));
      break;
    case events::FieldKind::time:
      s = event_time();
      break;
    case events::FieldKind::flag:
      s = {{"type", "boolean"}};
      break;
    case events::FieldKind::times:
      s = array_of(event_time());
      break;
    case events::FieldKind::overrides:
      s = array_of(schema("OccurrenceOverride"));
      break;
  }
  s["description"] = std::string(f.summary);
  // Only optional text is ever null: a field with a default is always present in an event,
  // and a body that names it must give a value.
  if (f.clearable()) s["nullable"] = true;
  return s;
}

// The content fields' properties in table order, after `before`, followed by `after`.
oj content_properties(Use use, oj before = oj::object(), const oj& after = oj::object()) {
  for (const events::FieldInfo& f : events::kFieldInfos) {
    // Overrides are read-only here: they change through the occurrence routes.
    if (use != Use::value && !f.input()) continue;
    before[std::string(f.name)] = field_schema(f);
  }
  for (const auto& [name, value] : after.items()) before[name] = value;
  return before;
}

// An event or a version: every property always present (an unset field is null).
oj with_content(oj before, oj after) {
  oj properties = content_properties(Use::value, std::move(before), after);
  oj required = oj::array();
  for (const auto& [name, value] : properties.items()) required.push_back(name);
  return object(std::move(properties), std::move(required));
}

oj event_create() {
  oj required = oj::array();
  for (const events::FieldInfo& f : events::kFieldInfos) {
    if (f.required()) required.push_back(f.name);
  }
  return object(content_properties(Use::draft), std::move(required));
}

oj event_update() {
  return object(
      content_properties(Use::patch, oj::object(),
                         {{"version", with(with(integer(), "minimum", 1), "description",
                                           "Expected version: a stale one is 409, nothing "
                                           "changes (If-Match is the header form, 412)")}}),
      oj::array());
}

// The names diffs and changelogs report: the fields', in table order.
oj field_names() {
  oj names = oj::array();
  for (const events::FieldInfo& f : events::kFieldInfos) names.push_back(f.name);
  return {{"type", "string"},
          {"enum", std::move(names)},
          {"description", "A content field of an event"}};
}

// A diff's value: what the field's own key carries in an event (text, a time, true/false, an
// array), null when unset. No `type`, so any JSON value (null included, OpenAPI 3.0.3 §4.7.24)
// is allowed; `nullable` would need a `type` beside it.
oj change_value() {
  return {{"description", "The field's value as the event carries it, null when unset"}};
}

oj occurrence_override() {
  return object({{"recurrence_id", event_time()},
                 {"title", str()},
                 {"description", nullable(str())},
                 {"location", nullable(str())},
                 {"start_time", event_time()},
                 {"end_time", event_time()}},
                {"recurrence_id", "title", "description", "location", "start_time", "end_time"});
}

oj occurrence() {
  return object(
      {{"event_id", integer()},
       {"recurrence_id",
        with(nullable(event_time()), "description",
             "The occurrence's original start (a date for all-day); null for a single event")},
       {"start_time", event_time()},
       {"end_time", event_time()},
       {"all_day", {{"type", "boolean"}}},
       {"timezone", str()},
       {"title", str()},
       {"description", nullable(str())},
       {"location", nullable(str())},
       {"permission", enumeration({"owner", "write", "read"})},
       {"version", with(integer(), "description", "The event's version")},
       {"overridden", with({{"type", "boolean"}}, "description",
                           "Changed through PUT /events/{id}/occurrences/{recurrence_id}")}},
      {"event_id", "recurrence_id", "start_time", "end_time", "all_day", "timezone", "title",
       "description", "location", "permission", "version", "overridden"});
}

oj occurrence_update() {
  auto row = [](std::string_view name) {
    for (const events::FieldInfo& f : events::kFieldInfos) {
      if (f.name == name) return field_schema(f);
    }
    throw std::logic_error("openapi: no field " + std::string(name));
  };
  return object({{"title", row("title")},
                 {"description", row("description")},
                 {"location", row("location")},
                 {"start_time", event_time()},
                 {"end_time", event_time()},
                 {"version", with(with(integer(), "minimum", 1), "description",
                                  "Expected version: a stale one is 409")}},
                oj::array());
}

oj schemas() {
  const oj permission = enumeration({"owner", "write", "read"});
  const oj change = enumeration({"create", "update", "rollback", "occurrence"});
  return {
      {"Error", object({{"detail", str()},
                        {"index", with(integer(), "description", "failed item of a batch")},
                        {"conflicts", with(array_of(schema("Occurrence")), "description",
                                           "with ?conflicts=reject: the other events' "
                                           "occurrences the new content would overlap")}},
                       {"detail"}, false)},
      {"User", object({{"id", integer()},
                       {"username", str()},
                       {"email", nullable(str())},
                       {"created_at", time()}},
                      {"id", "username", "email", "created_at"})},
      {"RegisterRequest",
       object({{"username", with(str(3, 64), "pattern", "^[A-Za-z0-9_.-]+$")},
               {"password", with(str(8, 1024), "description", "8–1024 bytes of UTF-8")},
               {"email", nullable(str(3, 254))}},
              {"username", "password"})},
      {"LoginRequest",
       object({{"username", str()}, {"password", str()}}, {"username", "password"})},
      {"LoginForm", object({{"username", str()},
                            {"password", str()},
                            {"grant_type", with(str(), "description", "ignored")},
                            {"scope", with(str(), "description", "ignored")},
                            {"client_id", with(str(), "description", "ignored")},
                            {"client_secret", with(str(), "description", "ignored")}},
                           {"username", "password"})},
      {"TokenPair", object({{"access_token", str()},
                            {"token_type", enumeration({"bearer"})},
                            {"expires_in", with(integer(), "description", "seconds")},
                            {"refresh_token", str()}},
                           {"access_token", "token_type", "expires_in", "refresh_token"})},
      {"RefreshRequest", object({{"refresh_token", str()}}, {"refresh_token"})},
      {"EventCreate", event_create()},
      {"EventUpdate", event_update()},
      {"Event", with_content({{"id", integer()}}, {{"owner_id", integer()},
                                                   {"version", integer()},
                                                   {"created_at", time()},
                                                   {"updated_at", time()},
                                                   {"permission", permission}})},
      {"ShareRequest", object({{"username", str()},
                               {"user_id", integer()},
                               {"permission", enumeration({"read", "write"})}},
                              {"permission"})},
      {"PermissionRequest",
       object({{"permission", enumeration({"read", "write"})}}, {"permission"})},
      {"Share", object({{"user_id", integer()}, {"username", str()}, {"permission", permission}},
                       {"user_id", "username", "permission"})},
      {"Version", with_content({{"version", integer()}}, {{"updated_by", integer()},
                                                          {"updated_by_username", str()},
                                                          {"updated_at", time()},
                                                          {"change", change}})},
      {"FieldName", field_names()},
      {"FieldChange",
       object({{"field", schema("FieldName")}, {"old", change_value()}, {"new", change_value()}},
              {"field", "old", "new"})},
      {"Diff",
       object(
           {{"from", integer()}, {"to", integer()}, {"changes", array_of(schema("FieldChange"))}},
           {"from", "to", "changes"})},
      {"ChangelogEntry",
       object({{"version", integer()},
               {"updated_by", integer()},
               {"updated_by_username", str()},
               {"updated_at", time()},
               {"change", change},
               {"fields", array_of(schema("FieldName"))}},
              {"version", "updated_by", "updated_by_username", "updated_at", "change", "fields"})},
      {"OccurrenceOverride", occurrence_override()},
      {"Occurrence", occurrence()},
      {"OccurrenceUpdate", occurrence_update()},
      {"BusyInterval", object({{"start", time()}, {"end", time()}}, {"start", "end"})},
      {"UserBusy", object({{"username", str()}, {"busy", array_of(schema("BusyInterval"))}},
                          {"username", "busy"})},
      {"FreeBusy",
       object({{"from", time()}, {"to", time()}, {"users", array_of(schema("UserBusy"))}},
              {"from", "to", "users"})},
      {"Conflict", object({{"a", schema("Occurrence")}, {"b", schema("Occurrence")}}, {"a", "b"})},
      {"Change",
       object({{"seq", integer()},
               {"event_id", integer()},
               {"kind", enumeration({"created", "updated", "deleted", "shared", "unshared"})},
               {"version", integer()},
               {"at", time()},
               {"by", integer()}},
              {"seq", "event_id", "kind", "version", "at", "by"})},
      {"ChangePage", object({{"changes", array_of(schema("Change"))},
                             {"cursor", str()},
                             {"more", {{"type", "boolean"}}}},
                            {"changes", "cursor", "more"})},
      {"Health", object({{"status", enumeration({"ok", "unavailable"})}}, {"status"})},
  };
}

oj error_response(const char* description, const char* header = nullptr) {
  oj r = {{"description", description}, {"content", json_body(schema("Error"))}};
  if (header != nullptr) r["headers"] = {{header, ref("headers", header)}};
  return r;
}

}  // namespace

oj components() {
  oj c;
  c["securitySchemes"] = {
      {"bearerAuth",
       {{"type", "http"},
        {"scheme", "bearer"},
        {"bearerFormat", "JWT"},
        {"description", "The access_token of POST /auth/login or /auth/refresh."}}}};
  c["schemas"] = schemas();
  c["responses"] = {
      {"BadRequest", error_response("Malformed JSON or form body.")},
      {"Unauthorized", error_response("Missing, malformed, tampered, expired or revoked token, "
                                      "or wrong username/password.",
                                      "WWW-Authenticate")},
      {"Forbidden", error_response("The caller can see the event but lacks the permission.")},
      {"NotFound", error_response("No such event, version or user, or an event the caller "
                                  "has no access to.")},
      {"Conflict", error_response("Username or uid taken, a stale version in the body, or with "
                                  "?conflicts=reject an overlap (listed in `conflicts`).")},
      {"PreconditionFailed", error_response("If-Match names another version than the event's.")},
      {"UnsupportedMediaType",
       error_response("The body's Content-Type is not one the operation accepts.")},
      {"PayloadTooLarge", error_response("Body larger than the configured limit.")},
      {"Unprocessable", error_response("Well-formed input that fails validation; for a batch, "
                                       "`index` names the failed item.")},
      {"Gone", error_response("The cursor is older than the history the feed keeps.")},
      {"TooManyRequests",
       error_response("Too many failed logins for this username.", "Retry-After")},
  };
  c["headers"] = {
      {"ETag", {{"description", "The event's version, quoted: \"3\"."}, {"schema", str()}}},
      {"WWW-Authenticate", {{"description", "Always `Bearer`."}, {"schema", str()}}},
      {"Retry-After", {{"description", "Whole seconds to wait (>= 1)."}, {"schema", integer()}}},
  };
  return c;
}

}  // namespace eventcollab::http::openapi
