// SPDX-License-Identifier: MIT
// GET /openapi.json: the API as an OpenAPI 3.0 document, built once. Which routes it lists
// comes from the router (routes.hpp's add_routes): each route names its operation, described
// below from small helpers; an operation no route names, or a route without one, fails the
// build of the document (and so every HTTP test). tests/http checks real responses against
// the schemas here and docs/REST.md against the route list; CI lints it (lint_openapi.sh).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "eventcollab/build_info.hpp"
#include "http/router.hpp"
#include "http/routes.hpp"

namespace eventcollab::http {
namespace {

using oj = nlohmann::ordered_json;

oj ref(std::string_view kind, std::string_view name) {
  return {{"$ref", fmt::format("#/components/{}/{}", kind, name)}};
}
oj schema(std::string_view name) { return ref("schemas", name); }
oj array_of(oj items) { return {{"type", "array"}, {"items", std::move(items)}}; }
oj json_body(oj s) { return {{"application/json", {{"schema", std::move(s)}}}}; }
oj body(oj s) { return {{"required", true}, {"content", json_body(std::move(s))}}; }

oj str(int min = -1, int max = -1) {
  oj s = {{"type", "string"}};
  if (min >= 0) s["minLength"] = min;
  if (max >= 0) s["maxLength"] = max;
  return s;
}
oj nullable(oj s) {
  s["nullable"] = true;
  return s;
}
oj integer() { return {{"type", "integer"}, {"format", "int64"}}; }
oj time() { return {{"type", "string"}, {"format", "date-time"}}; }
oj enumeration(std::initializer_list<const char*> values) {
  oj e = oj::array();
  for (const char* v : values) e.push_back(v);
  return {{"type", "string"}, {"enum", e}};
}
oj object(oj properties, std::initializer_list<const char*> required, bool closed = true) {
  oj o = {{"type", "object"}, {"properties", std::move(properties)}};
  if (required.size() > 0) {
    o["required"] = oj::array();
    for (const char* r : required) o["required"].push_back(r);
  }
  if (closed) o["additionalProperties"] = false;
  return o;
}

oj success(const char* description, oj s, bool etag = false) {
  oj r = {{"description", description}, {"content", json_body(std::move(s))}};
  if (etag) r["headers"] = {{"ETag", ref("headers", "ETag")}};
  return r;
}
oj no_content() { return {{"description", "Done; the body is empty."}}; }

// The error statuses an operation can answer, by the names under components/responses.
oj with_errors(oj responses, std::initializer_list<int> statuses) {
  for (int s : statuses) {
    const char* name = s == 400   ? "BadRequest"
                       : s == 401 ? "Unauthorized"
                       : s == 403 ? "Forbidden"
                       : s == 404 ? "NotFound"
                       : s == 409 ? "Conflict"
                       : s == 412 ? "PreconditionFailed"
                       : s == 415 ? "UnsupportedMediaType"
                       : s == 413 ? "PayloadTooLarge"
                       : s == 422 ? "Unprocessable"
                                  : "TooManyRequests";
    responses[std::to_string(s)] = ref("responses", name);
  }
  return responses;
}

oj op(const char* id, const char* tag, const char* summary, bool bearer, oj responses) {
  oj o = {{"operationId", id}, {"tags", {tag}}, {"summary", summary}};
  o["security"] = bearer ? oj::array({{{"bearerAuth", oj::array()}}}) : oj::array();
  o["responses"] = std::move(responses);
  return o;
}
oj with(oj o, const char* key, oj value) {
  o[key] = std::move(value);
  return o;
}

oj path_param(const char* name, const char* description) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", {{"type", "integer"}, {"format", "int64"}, {"minimum", 1}}}};
}
oj query_param(const char* name, const char* description, oj s) {
  return {{"name", name},
          {"in", "query"},
          {"required", false},
          {"description", description},
          {"schema", std::move(s)}};
}

oj event_fields(bool for_update) {
  oj p = {{"title", str(1, 200)},
          {"description", nullable(str(-1, 10000))},
          {"location", nullable(str(-1, 500))},
          {"start_time", time()},
          {"end_time", time()}};
  if (for_update) p["version"] = integer();
  return p;
}

oj schemas() {
  const oj permission = enumeration({"owner", "write", "read"});
  const oj change = enumeration({"create", "update", "rollback"});
  return {
      {"Error", object({{"detail", str()},
                        {"index", with(integer(), "description", "failed item of a batch")}},
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
      {"EventCreate", object(event_fields(false), {"title", "start_time", "end_time"})},
      {"EventUpdate", object(event_fields(true), {})},
      {"Event", object({{"id", integer()},
                        {"title", str()},
                        {"description", nullable(str())},
                        {"location", nullable(str())},
                        {"start_time", time()},
                        {"end_time", time()},
                        {"owner_id", integer()},
                        {"version", integer()},
                        {"created_at", time()},
                        {"updated_at", time()},
                        {"permission", permission}},
                       {"id", "title", "description", "location", "start_time", "end_time",
                        "owner_id", "version", "created_at", "updated_at", "permission"})},
      {"ShareRequest", object({{"username", str()},
                               {"user_id", integer()},
                               {"permission", enumeration({"read", "write"})}},
                              {"permission"})},
      {"PermissionRequest",
       object({{"permission", enumeration({"read", "write"})}}, {"permission"})},
      {"Share", object({{"user_id", integer()}, {"username", str()}, {"permission", permission}},
                       {"user_id", "username", "permission"})},
      {"Version", object({{"version", integer()},
                          {"title", str()},
                          {"description", nullable(str())},
                          {"location", nullable(str())},
                          {"start_time", time()},
                          {"end_time", time()},
                          {"updated_by", integer()},
                          {"updated_by_username", str()},
                          {"updated_at", time()},
                          {"change", change}},
                         {"version", "title", "description", "location", "start_time", "end_time",
                          "updated_by", "updated_by_username", "updated_at", "change"})},
      {"FieldChange",
       object(
           {{"field", enumeration({"title", "description", "location", "start_time", "end_time"})},
            {"old", nullable(str())},
            {"new", nullable(str())}},
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
               {"fields", array_of(str())}},
              {"version", "updated_by", "updated_by_username", "updated_at", "change", "fields"})},
      {"Health", object({{"status", enumeration({"ok", "unavailable"})}}, {"status"})},
  };
}

oj error_response(const char* description, const char* header = nullptr) {
  oj r = {{"description", description}, {"content", json_body(schema("Error"))}};
  if (header != nullptr) r["headers"] = {{header, ref("headers", header)}};
  return r;
}

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
      {"Conflict", error_response("Username taken, or a stale version in the body.")},
      {"PreconditionFailed", error_response("If-Match names another version than the event's.")},
      {"UnsupportedMediaType",
       error_response("The body's Content-Type is not one the operation accepts.")},
      {"PayloadTooLarge", error_response("Body larger than the configured limit.")},
      {"Unprocessable", error_response("Well-formed input that fails validation; for a batch, "
                                       "`index` names the failed item.")},
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

void auth_paths(oj& paths) {
  paths["/auth/register"]["post"] =
      with(op("register", "auth", "Create a user", false,
              with_errors({{"201", success("The new user.", schema("User"))}},
                          {400, 409, 413, 415, 422})),
           "requestBody", body(schema("RegisterRequest")));
  oj login_body = {{"required", true},
                   {"content",
                    {{"application/x-www-form-urlencoded", {{"schema", schema("LoginForm")}}},
                     {"application/json", {{"schema", schema("LoginRequest")}}}}}};
  paths["/auth/login"]["post"] =
      with(op("login", "auth", "Log in (OAuth2 password flow form, or JSON)", false,
              with_errors({{"200", success("Tokens.", schema("TokenPair"))}},
                          {400, 401, 413, 415, 422, 429})),
           "requestBody", login_body);
  paths["/auth/refresh"]["post"] =
      with(op("refresh", "auth", "Rotate a refresh token", false,
              with_errors({{"200", success("New tokens; the old refresh token stops working.",
                                           schema("TokenPair"))}},
                          {400, 401, 413, 415, 422})),
           "requestBody", body(schema("RefreshRequest")));
  paths["/auth/logout"]["post"] = op("logout", "auth", "Revoke this login's tokens", true,
                                     with_errors({{"204", no_content()}}, {401}));
  paths["/auth/me"]["get"] =
      op("me", "auth", "The caller's user", true,
         with_errors({{"200", success("The user.", schema("User"))}}, {401}));
}

void event_paths(oj& paths) {
  const oj event = schema("Event");
  paths["/events"]["post"] =
      with(op("createEvent", "events", "Create an event", true,
              with_errors({{"201", success("The event, version 1.", event, true)}},
                          {400, 401, 413, 415, 422})),
           "requestBody", body(schema("EventCreate")));
  paths["/events"]["get"] = with(
      op("listEvents", "events", "Events the caller owns or that are shared with them", true,
         with_errors({{"200", success("By start_time, then id.", array_of(event))}},
                     {400, 401, 422})),
      "parameters",
      {query_param("skip", "Events to skip. Default: 0.", with(integer(), "minimum", 0)),
       query_param("limit", "At most this many (1–1000). Default: 100.",
                   with(with(integer(), "minimum", 1), "maximum", 1000)),
       query_param("from", "Events that end after this.", time()),
       query_param("to", "Events that start before this.", time()),
       query_param("q", "Case-insensitive substring of title, description or location.", str())});
  paths["/events/batch"]["post"] =
      with(op("createEvents", "events", "Create 1–1000 events, all or none", true,
              with_errors({{"201", success("The events, in order.", array_of(event))}},
                          {400, 401, 413, 415, 422})),
           "requestBody",
           body(with(with(array_of(schema("EventCreate")), "minItems", 1), "maxItems", 1000)));
  oj& one = paths["/events/{id}"];
  one["parameters"] = {path_param("id", "Event id.")};
  one["get"] = op("getEvent", "events", "One event", true,
                  with_errors({{"200", success("The event.", event, true)}}, {401, 404}));
  one["put"] = with(with(op("updateEvent", "events", "Change some fields", true,
                            with_errors({{"200", success("The event.", event, true)}},
                                        {400, 401, 403, 404, 409, 412, 413, 415, 422})),
                         "requestBody", body(schema("EventUpdate"))),
                    "parameters",
                    {{{"name", "If-Match"},
                      {"in", "header"},
                      {"required", false},
                      {"description", "Expected version: \"3\", 3, W/\"3\" or *. Stale: 412."},
                      {"schema", str()}}});
  one["delete"] = op("deleteEvent", "events", "Delete an event with its history", true,
                     with_errors({{"204", no_content()}}, {401, 403, 404}));
}

void sharing_paths(oj& paths) {
  const oj share = schema("Share");
  oj& s = paths["/events/{id}/share"];
  s["parameters"] = {path_param("id", "Event id.")};
  s["post"] =
      with(op("shareEvent", "sharing", "Share with a user, or change their permission", true,
              with_errors({{"201", success("A new share.", share)},
                           {"200", success("The permission was changed.", share)}},
                          {400, 401, 403, 404, 413, 415, 422})),
           "requestBody", body(schema("ShareRequest")));
  oj& list = paths["/events/{id}/permissions"];
  list["parameters"] = {path_param("id", "Event id.")};
  list["get"] =
      op("listPermissions", "sharing", "Who may see the event", true,
         with_errors({{"200", success("The owner first, then by username.", array_of(share))}},
                     {401, 404}));
  oj& one = paths["/events/{id}/permissions/{user_id}"];
  one["parameters"] = {path_param("id", "Event id."), path_param("user_id", "User id.")};
  one["put"] = with(
      op("setPermission", "sharing", "Change a share", true,
         with_errors({{"200", success("The share.", share)}}, {400, 401, 403, 404, 413, 415, 422})),
      "requestBody", body(schema("PermissionRequest")));
  one["delete"] = op("revokePermission", "sharing", "Remove a share", true,
                     with_errors({{"204", no_content()}}, {401, 403, 404, 422}));
}

void history_paths(oj& paths) {
  const oj id = path_param("id", "Event id.");
  paths["/events/{id}/versions"] = {
      {"parameters", {id}},
      {"get",
       op("listVersions", "history", "All versions, oldest first", true,
          with_errors({{"200", success("Versions.", array_of(schema("Version")))}}, {401, 404}))}};
  paths["/events/{id}/versions/{n}"] = {
      {"parameters", {id, path_param("n", "Version number.")}},
      {"get", op("getVersion", "history", "One version", true,
                 with_errors({{"200", success("The version.", schema("Version"))}}, {401, 404}))}};
  paths["/events/{id}/diff/{a}/{b}"] = {
      {"parameters",
       {id, path_param("a", "Version to compare from."),
        path_param("b", "Version to compare to.")}},
      {"get", op("diffVersions", "history", "Fields that differ between two versions", true,
                 with_errors({{"200", success("The changes.", schema("Diff"))}}, {401, 404}))}};
  paths["/events/{id}/changelog"] = {
      {"parameters", {id}},
      {"get",
       op("changelog", "history", "Which fields each version changed", true,
          with_errors({{"200", success("Oldest first.", array_of(schema("ChangelogEntry")))}},
                      {401, 404}))}};
  paths["/events/{id}/rollback/{n}"] = {
      {"parameters", {id, path_param("n", "Version to return to.")}},
      {"post", with(op("rollback", "history", "Make the content equal to a version", true,
                       with_errors({{"200", success("The event.", schema("Event"), true)}},
                                   {401, 403, 404, 412, 422})),
                    "parameters",
                    {{{"name", "If-Match"},
                      {"in", "header"},
                      {"required", false},
                      {"description", "Expected version: \"3\", 3, W/\"3\" or *. Stale: 412."},
                      {"schema", str()}}})}};
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The document's paths are the router's routes, in its order, each with its operation.
oj paths_of_router(oj& catalog) {
  Router router;
  add_routes(router);
  oj paths;
  for (const Route& r : router.routes()) {
    const std::string method = lower(r.method);
    const auto item = catalog.find(r.pattern);
    if (item == catalog.end() || !item->contains(method) ||
        (*item)[method].at("operationId") != r.operation_id) {
      throw std::logic_error(
          fmt::format("openapi: no operation {} for {} {}", r.operation_id, r.method, r.pattern));
    }
    if (item->contains("parameters")) paths[r.pattern]["parameters"] = (*item)["parameters"];
    paths[r.pattern][method] = std::move((*item)[method]);
    item->erase(method);
  }
  for (const auto& [path, item] : catalog.items()) {
    for (const auto& [method, op] : item.items()) {
      if (method != "parameters") {
        throw std::logic_error(fmt::format("openapi: operation {} {} has no route", method, path));
      }
    }
  }
  return paths;
}

oj document() {
  oj doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {
      {"title", "eventcollab"},
      {"version", library_version},
      {"description",
       "Users, events, sharing and version history (the project's docs/REST.md). Paths match "
       "with or without a trailing slash; errors are `{\"detail\": …}`; a known path with "
       "another method is 405, an unknown path 404; a request from a web page of another "
       "origin is 403 unless the server allows that origin."},
      {"license", {{"name", "MIT"}, {"url", "https://opensource.org/licenses/MIT"}}}};
  doc["servers"] = {{{"url", "http://127.0.0.1:8000"}, {"description", "eventcollab serve"}}};
  doc["tags"] = {{{"name", "auth"}, {"description", "Users and tokens."}},
                 {{"name", "events"}, {"description", "Events and their fields."}},
                 {{"name", "sharing"}, {"description", "Who may read or write an event."}},
                 {{"name", "history"}, {"description", "Versions, diffs and rollback."}},
                 {{"name", "service"}, {"description", "Health and this document."}}};
  oj catalog;  // every operation, by path and method
  auth_paths(catalog);
  event_paths(catalog);
  sharing_paths(catalog);
  history_paths(catalog);
  catalog["/health"]["get"] = op("health", "service", "Liveness: the store can be read", false,
                                 {{"200", success("Up.", schema("Health"))},
                                  {"503", success("The store cannot be read.", schema("Health"))}});
  catalog["/openapi.json"]["get"] =
      op("openapi", "service", "This document", false,
         {{"200", success("OpenAPI 3 document.", {{"type", "object"}})}});
  doc["paths"] = paths_of_router(catalog);
  doc["components"] = components();
  return doc;
}

}  // namespace

const std::string& openapi_document() {
  static const std::string text = document().dump(2);
  return text;
}

}  // namespace eventcollab::http
