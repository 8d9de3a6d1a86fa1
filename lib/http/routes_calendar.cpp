// SPDX-License-Identifier: MIT
// Occurrences, one occurrence's change and cancellation, free/busy and conflicts.
#include <fmt/format.h>

#include "http/exchange.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"
#include "json/calendar_shapes.hpp"

namespace eventcollab::http {
namespace {

// The `{recurrence_id}` of the path; anything that is not a time names no occurrence (404).
Timestamp recurrence_id(const Exchange& x) {
  const auto text = x.text_param();
  if (!text) throw Error(Errc::not_found, "no such occurrence");
  return json::parse_recurrence_id(*text);
}

// A failed If-Match is 412, as for the event itself; a stale body version stays 409.
template <class Call>
void with_if_match(Exchange& x, const std::optional<std::int64_t>& header, Call call) {
  try {
    call();
  } catch (const Error& e) {
    if (e.code() != Errc::conflict || !header) throw;
    x.reply_error(412, e);
  }
}

void list_occurrences(Exchange& x) {
  const Principal who = x.authenticate();
  const TimeWindow window = window_query(x);
  OccurrenceQuery q;
  q.limit = int_query(x, "limit", q.limit);
  q.q = x.query("q");
  x.reply(200, json::to_json(x.store.events().occurrences(who, window, q)));
}

void change_occurrence(Exchange& x) {
  const Principal who = x.authenticate();
  const nlohmann::json body = x.json_body();
  const Timestamp rid = recurrence_id(x);
  const std::string rid_text = *x.text_param();
  std::optional<std::int64_t> header;
  // Decoded by the library after its access check: a stranger's bad body is still 404.
  auto decode = [&](const Event& current) {
    json::require_recurrence_form(rid_text, current.all_day);
    auto r = json::parse_occurrence_patch(body, current.all_day);
    header = if_match(x.req);
    if (r.version && header && *r.version != *header) {
      throw Error(
          Errc::invalid_argument,
          fmt::format("the body's version {} disagrees with If-Match {}", *r.version, *header));
    }
    return OccurrenceUpdate{std::move(r.patch), r.version ? r.version : header};
  };
  with_if_match(x, header, [&] {
    x.reply(200, json::to_json(x.store.events().change_occurrence(who, x.id(), rid, decode)));
  });
}

void cancel_occurrence(Exchange& x) {
  const Principal who = x.authenticate();
  const Timestamp rid = recurrence_id(x);
  const std::string rid_text = *x.text_param();
  std::optional<std::int64_t> header;
  with_if_match(x, header, [&] {
    // After the library's access check, as for PUT: a date names no occurrence of a timed
    // series (nor a time one of an all-day series), even when it falls on one's instant.
    x.store.events().cancel_occurrence(who, x.id(), rid, [&](const Event& current) {
      json::require_recurrence_form(rid_text, current.all_day);
      header = if_match(x.req);
      return header;
    });
    x.no_content();
  });
}

void free_busy(Exchange& x) {
  const Principal who = x.authenticate();
  const TimeWindow window = window_query(x);
  const std::vector<std::string> users = x.queries("user");
  x.reply(200, json::to_json(x.store.events().free_busy(who, users, window)));
}

void conflicts(Exchange& x) {
  const Principal who = x.authenticate();
  const TimeWindow window = window_query(x);
  x.reply(200, json::to_json(x.store.events().conflicts(who, window)));
}

}  // namespace

void add_calendar_routes(Router& router) {
  router.add("GET", "/occurrences", list_occurrences, "listOccurrences");
  router.add("PUT", "/events/{id}/occurrences/{recurrence_id:text}", change_occurrence,
             "changeOccurrence");
  router.add("DELETE", "/events/{id}/occurrences/{recurrence_id:text}", cancel_occurrence,
             "cancelOccurrence");
  router.add("GET", "/freebusy", free_busy, "freeBusy");
  router.add("GET", "/conflicts", conflicts, "listConflicts");
}

}  // namespace eventcollab::http
