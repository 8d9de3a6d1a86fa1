// SPDX-License-Identifier: MIT
// GET /openapi.json: the API as an OpenAPI 3.0 document, built once. Which routes it lists
// comes from the router (routes.hpp's add_routes): each route names its operation, described
// below; an operation no route names, or a route without one, fails the build of the document
// (and so every HTTP test). The schemas are in openapi_components.cpp. tests/http checks real
// responses against them and docs/REST.md against the route list; CI lints the document
// (lint_openapi.sh).
#include <stdexcept>

#include "eventcollab/build_info.hpp"
#include "http/openapi_parts.hpp"
#include "http/router.hpp"
#include "http/routes.hpp"

namespace eventcollab::http {
namespace {

using namespace openapi;

oj body(oj s) { return {{"required", true}, {"content", json_body(std::move(s))}}; }
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
                       : s == 410 ? "Gone"
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

oj conflicts_param() {
  return query_param("conflicts",
                     "`reject`: answer 409 with `conflicts` (nothing written) when an occurrence "
                     "within 366 days of the start overlaps another event the caller can see. "
                     "Default: `allow`.",
                     {{"type", "string"}, {"enum", {"allow", "reject"}}});
}

oj if_match_param() {
  return {{"name", "If-Match"},
          {"in", "header"},
          {"required", false},
          {"description", "Expected version: \"3\", 3, W/\"3\" or *. Stale: 412."},
          {"schema", str()}};
}

void event_paths(oj& paths) {
  const oj event = schema("Event");
  paths["/events"]["post"] =
      with(with(op("createEvent", "events", "Create an event", true,
                   with_errors({{"201", success("The event, version 1.", event, true)}},
                               {400, 401, 409, 413, 415, 422})),
                "requestBody", body(schema("EventCreate"))),
           "parameters", {conflicts_param()});
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
                    "parameters", {if_match_param(), conflicts_param()});
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

oj window_params() {
  return {
      with(query_param("from", "Start of the window, RFC 3339 with offset (required).", time()),
           "required", true),
      with(query_param("to", "End of the window, exclusive; at most 366 days after from.", time()),
           "required", true)};
}

void calendar_paths(oj& paths) {
  const oj occurrence = schema("Occurrence");
  oj occurrences_params = window_params();
  occurrences_params.push_back(query_param("limit", "At most this many (1–10,000). Default: 1,000.",
                                           with(with(integer(), "minimum", 1), "maximum", 10000)));
  occurrences_params.push_back(
      query_param("q", "Case-insensitive substring of title, description or location.", str()));
  paths["/occurrences"]["get"] =
      with(op("listOccurrences", "calendar",
              "Occurrences of the caller's visible events overlapping [from, to)", true,
              with_errors({{"200", success("By start, then event id.", array_of(occurrence))}},
                          {400, 401, 422})),
           "parameters", occurrences_params);
  oj& one = paths["/events/{id}/occurrences/{recurrence_id}"];
  one["parameters"] = {
      path_param("id", "Event id."),
      {{"name", "recurrence_id"},
       {"in", "path"},
       {"required", true},
       {"description",
        "The occurrence's original start: RFC 3339 (URL-encoded), or YYYY-MM-DD for an all-day "
        "series. Anything else: 404."},
       {"schema", str()}}};
  one["put"] =
      with(with(op("changeOccurrence", "calendar", "Change one occurrence of a series", true,
                   with_errors({{"200", success("The occurrence, overridden.", occurrence)}},
                               {400, 401, 403, 404, 409, 412, 413, 415, 422})),
                "requestBody", body(schema("OccurrenceUpdate"))),
           "parameters", {if_match_param()});
  one["delete"] =
      with(op("cancelOccurrence", "calendar", "Cancel one occurrence (it joins exdates)", true,
              with_errors({{"204", no_content()}}, {401, 403, 404, 412, 422})),
           "parameters", {if_match_param()});
  oj freebusy_params = window_params();
  freebusy_params.push_back(
      with(with(query_param("user", "A username; repeat for several. Default: the caller.",
                            array_of(str())),
                "style", "form"),
           "explode", true));
  paths["/freebusy"]["get"] =
      with(op("freeBusy", "calendar", "Merged busy times of users (times only, never titles)", true,
              with_errors(
                  {{"200", success("One entry per user, in the order asked.", schema("FreeBusy"))}},
                  {400, 401, 404, 422})),
           "parameters", freebusy_params);
  paths["/conflicts"]["get"] =
      with(op("listConflicts", "calendar", "Pairs of the caller's visible occurrences that overlap",
              true,
              with_errors({{"200", success("By a's start.", array_of(schema("Conflict")))}},
                          {400, 401, 422})),
           "parameters", window_params());
}

void change_paths(oj& paths) {
  paths["/changes"]["get"] = with(
      op("listChanges", "changes", "Changes after a cursor that the caller may see, oldest first",
         true,
         with_errors(
             {{"200", success("A page of the feed and where to continue.", schema("ChangePage"))}},
             {400, 401, 410, 422})),
      "parameters",
      {query_param("since",
                   "A cursor from an earlier answer; absent or 0: from the oldest change kept.",
                   str()),
       query_param("limit", "At most this many (1–1,000). Default: 100.",
                   with(with(integer(), "minimum", 1), "maximum", 1000))});
  const oj stream = {
      {"description",
       "Server-sent events, as the changes happen: each `id: <cursor>`, `event: change`, "
       "`data: <one entry of GET /changes as JSON>`, then an empty line; a comment line "
       "(`: keep-alive`) at least every 15 s. The stream ends when the access token expires "
       "or is revoked: reconnect with a fresh one and `Last-Event-ID`."},
      {"headers", {{"Cache-Control", {{"schema", str()}, {"description", "`no-store`"}}}}},
      {"content", {{"text/event-stream", {{"schema", str()}}}}}};
  paths["/changes/stream"]["get"] =
      with(op("streamChanges", "changes",
              "The changes the caller may see, live: resumes after Last-Event-ID or `since`, else "
              "from now",
              true, with_errors({{"200", stream}}, {400, 401, 410, 422})),
           "parameters",
           {query_param("since",
                        "A cursor from an earlier answer (0: from the oldest change kept); ignored "
                        "when Last-Event-ID is sent. With neither, the stream starts from now.",
                        str()),
            {{"name", "Last-Event-ID"},
             {"in", "header"},
             {"required", false},
             {"description", "The `id` of the last event received: resume right after it."},
             {"schema", str()}}});
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
  doc["tags"] = {
      {{"name", "auth"}, {"description", "Users and tokens."}},
      {{"name", "events"}, {"description", "Events and their fields."}},
      {{"name", "sharing"}, {"description", "Who may read or write an event."}},
      {{"name", "history"}, {"description", "Versions, diffs and rollback."}},
      {{"name", "calendar"}, {"description", "Occurrences of series, free/busy and conflicts."}},
      {{"name", "changes"}, {"description", "The change feed."}},
      {{"name", "service"}, {"description", "Health and this document."}}};
  oj catalog;  // every operation, by path and method
  auth_paths(catalog);
  event_paths(catalog);
  sharing_paths(catalog);
  history_paths(catalog);
  calendar_paths(catalog);
  change_paths(catalog);
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
