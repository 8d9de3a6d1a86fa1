// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "http/exchange.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"
#include "json/calendar_shapes.hpp"
#include "json/event_text.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw Error(Errc::invalid_argument, message);
}

void create_event(Exchange& x) {
  const Principal who = x.authenticate();
  const OverlapPolicy policy = json::parse_overlap_policy(x.query("conflicts"));
  const EventDraft draft = json::parse_event_draft(x.json_body());
  x.reply_event(201, x.store.events().create(who, draft, policy));
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
  const OverlapPolicy policy = json::parse_overlap_policy(x.query("conflicts"));
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
    x.reply_event(200, x.store.events().update(who, x.id(), decode, policy));
  } catch (const Error& e) {
    // A failed If-Match is a failed precondition (RFC 9110 §13.1.1); a stale version in the
    // body stays a conflict, and so does an overlap (its 409 lists the occurrences).
    if (e.code() != Errc::conflict || !header || dynamic_cast<const OverlapError*>(&e)) throw;
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
