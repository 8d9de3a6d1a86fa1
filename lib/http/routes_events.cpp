// SPDX-License-Identifier: MIT
#include <charconv>

#include <fmt/format.h>

#include "http/exchange.hpp"
#include "http/routes.hpp"
#include "json/event_text.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw Error(Errc::invalid_argument, message);
}

bool parse_int(std::string_view s, std::int64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc{} && end == s.data() + s.size();
}

std::int64_t int_query(const Exchange& x, const char* name, std::int64_t fallback) {
  const auto text = x.query(name);
  if (!text) return fallback;
  std::int64_t v = 0;
  if (!parse_int(*text, v)) invalid(fmt::format("{} must be an integer", name));
  return v;
}

std::optional<Timestamp> time_query(const Exchange& x, const char* name) {
  auto text = x.query(name);
  if (!text) return std::nullopt;
  // An unescaped `+02:00` in a URL arrives as " 02:00" (`+` means space in a query); read it
  // as the offset it was meant to be rather than failing on a shell user's typo.
  const auto n = text->size();
  if (n >= 6 && (*text)[n - 6] == ' ' && (*text)[n - 3] == ':') (*text)[n - 6] = '+';
  try {
    return parse_rfc3339(*text);
  } catch (const Error& e) {
    invalid(fmt::format("{}: {}", name, e.what()));
  }
}

void create_event(Exchange& x) {
  const Principal who = x.authenticate();
  const EventDraft draft = json::parse_event_draft(x.json_body());
  x.reply_event(201, x.store.events().create(who, draft));
}

void create_batch(Exchange& x) {
  const Principal who = x.authenticate();
  const auto drafts = json::parse_event_batch(x.json_body());
  x.reply(201, json::to_json(x.store.events().create_batch(who, drafts)));
}

void list_events(Exchange& x) {
  const Principal who = x.authenticate();
  EventQuery q;
  q.skip = int_query(x, "skip", q.skip);
  q.limit = int_query(x, "limit", q.limit);
  q.from = time_query(x, "from");
  q.to = time_query(x, "to");
  q.q = x.query("q");
  x.reply_json_text(200, json::events_to_json_text(x.store.events().list(who, q)));
}

void get_event(Exchange& x) {
  const Principal who = x.authenticate();
  x.reply_event(200, x.store.events().get(who, x.id()));
}

void update_event(Exchange& x) {
  const Principal who = x.authenticate();
  const nlohmann::json body = x.json_body();
  std::optional<std::int64_t> header;
  // Decoded by the library after its access check: a stranger's bad body is still 404.
  auto decode = [&](const Event& current) {
    auto u = json::parse_event_update(body, current.all_day);
    header = if_match(x.req);
    if (u.version && header && *u.version != *header) {
      invalid(fmt::format("the body's version {} disagrees with If-Match {}", *u.version, *header));
    }
    return EventUpdate{std::move(u.patch), u.version ? u.version : header};
  };
  try {
    x.reply_event(200, x.store.events().update(who, x.id(), decode));
  } catch (const Error& e) {
    // A failed If-Match is a failed precondition (RFC 9110 §13.1.1); a stale version in the
    // body stays a conflict.
    if (e.code() != Errc::conflict || !header) throw;
    x.reply_error(412, e);
  }
}

void delete_event(Exchange& x) {
  const Principal who = x.authenticate();
  x.store.events().remove(who, x.id());
  x.no_content();
}

}  // namespace

void add_event_routes(Router& router) {
  router.add("POST", "/events", create_event, "createEvent");
  router.add("GET", "/events", list_events, "listEvents");
  router.add("POST", "/events/batch", create_batch, "createEvents");
  router.add("GET", "/events/{id}", get_event, "getEvent", Cost::quick);
  router.add("PUT", "/events/{id}", update_event, "updateEvent");
  router.add("DELETE", "/events/{id}", delete_event, "deleteEvent");
}

}  // namespace eventcollab::http
