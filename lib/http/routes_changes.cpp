// SPDX-License-Identifier: MIT
// The change feed: what changed since a cursor, for whoever may see it, as a page or as a
// live stream of server-sent events.
#include <fmt/format.h>

#include "http/exchange.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"
#include "http/stream_channel.hpp"
#include "json/shapes.hpp"

namespace eventcollab::http {
namespace {

void list_changes(Exchange& x) {
  const Principal who = x.authenticate();
  const std::int64_t limit = int_query(x, "limit", 100);
  const std::string since = x.query("since").value_or("");
  x.reply(200, json::to_json(x.store.changes().since(who, since, limit)));
}

// One change as a server-sent event; the cursor is its id, so a client's reconnect
// (Last-Event-ID) resumes right after the last change it received.
std::string sse_event(const Change& change, const std::string& cursor) {
  return fmt::format("id: {}\nevent: change\ndata: {}\n\n", cursor, json::to_json(change).dump());
}

void stream_changes(Exchange& x) {
  const Principal who = x.authenticate();
  // An EventSource that reconnects sends Last-Event-ID and repeats the URL's `since`: the
  // header is the later position.
  std::optional<std::string> cursor;
  if (const std::string* last = x.req.header("Last-Event-ID")) {
    cursor = *last;
  } else {
    cursor = x.query("since");
  }
  auto channel = std::make_shared<StreamChannel>();
  // The subscription is held by the channel and calls it weakly: no cycle, and a push after
  // the stream has ended is a no-op.
  auto deliver = [weak = std::weak_ptr<StreamChannel>(channel)](const Change& change,
                                                                const std::string& at) {
    if (auto c = weak.lock()) c->push(sse_event(change, at));
  };
  // Subscribing before the head is sent: a bad (422) or expired (410) cursor is an ordinary
  // error reply, and a client that has the head is already subscribed.
  auto subscription = std::make_shared<Subscription>(
      cursor ? x.store.subscribe(who, *cursor, deliver) : x.store.subscribe(who, deliver));
  channel->hold(std::move(subscription));
  // The stream lasts while its token would still be accepted (expiry, logout).
  const std::string token = *x.req.header("Authorization");
  channel->check_with([&store = x.store, token = token.substr(token.find(' ') + 1)] {
    store.auth().authenticate(token);
    return true;
  });
  x.res.status = 200;
  x.res.set_header("Content-Type", "text/event-stream");
  x.res.set_header("Cache-Control", "no-store");
  x.res.stream = std::move(channel);
}

}  // namespace

void add_change_routes(Router& router) {
  router.add("GET", "/changes", list_changes, "listChanges");
  router.add("GET", "/changes/stream", stream_changes, "streamChanges");
}

}  // namespace eventcollab::http
