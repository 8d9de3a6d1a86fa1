// SPDX-License-Identifier: MIT
// The change feed: what changed since a cursor, for whoever may see it, as a page or as a
// live stream of server-sent events.
#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <string>

#include "http/exchange.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"
#include "http/stream_channel.hpp"
#include "json/change_text.hpp"

namespace eventcollab::http {
namespace {

void list_changes(Exchange& x) {
  const Principal who = x.authenticate();
  const std::int64_t limit = int_query(x, "limit", 100);
  const std::string since = x.query("since").value_or("");
  x.reply_json_text(200,
                    json::change_page_to_json_text(x.store.changes().since(who, since, limit)));
}

// One change as a server-sent event; the cursor is its id, so a client's reconnect
// (Last-Event-ID) resumes right after the last change it received.
std::string sse_event(const Change& change, const std::string& cursor) {
  return fmt::format("id: {}\nevent: change\ndata: {}\n\n", cursor,
                     json::change_to_json_text(change));
}

// Delivers the live feed into a channel; held by the channel, it calls it weakly: no cycle,
// and a push after the stream has ended is a no-op.
ChangeCallback deliver_to(const std::shared_ptr<StreamChannel>& channel) {
  return
      [weak = std::weak_ptr<StreamChannel>(channel)](const Change& change, const std::string& at) {
        if (auto c = weak.lock()) c->push(sse_event(change, at));
      };
}

// A stream resumed from a cursor: the backlog goes out a page at a time, the next one only
// once the client has taken the last (a far-behind client would overflow the channel if it
// all came at once), then the stream subscribes from the last page's cursor and is live.
class BacklogPump : public std::enable_shared_from_this<BacklogPump> {
 public:
  BacklogPump(Store& store, Principal who, std::string cursor)
      : store_(store), who_(std::move(who)), cursor_(std::move(cursor)) {}

  // The first page, on the handler's thread: a bad or expired cursor throws before the head.
  void start(const std::shared_ptr<StreamChannel>& channel) {
    std::lock_guard lock(mutex_);
    send(channel, store_.changes().since(who_, cursor_, kPage));
  }

 private:
  static constexpr std::int64_t kPage = 200;

  // On a worker, once the previous page has been written. The lock keeps pages in order.
  void next() {
    std::lock_guard lock(mutex_);
    const auto channel = channel_.lock();
    if (!channel) return;
    try {
      send(channel, store_.changes().since(who_, cursor_, kPage));
    } catch (...) {
      channel->close();  // e.g. the rest was pruned meanwhile: the client resumes and learns
    }
  }

  void send(const std::shared_ptr<StreamChannel>& channel, const ChangePage& page) {
    channel_ = channel;
    cursor_ = page.cursor;
    // Asked before the push: the page may be written before push returns.
    if (page.more) channel->on_drained([self = shared_from_this()] { self->next(); });
    std::string text;
    for (const Change& change : page.changes) text += sse_event(change, std::to_string(change.seq));
    if (!text.empty() && !channel->push(text)) return;
    if (page.more) return;
    // Past everything there was: the subscription starts strictly after it, so nothing is
    // missed or repeated at the hand-over.
    auto live =
        std::make_shared<Subscription>(store_.subscribe(who_, cursor_, deliver_to(channel)));
    channel->hold(std::move(live));  // refused once the stream has ended: released here
  }

  Store& store_;
  const Principal who_;
  std::mutex mutex_;
  std::string cursor_;
  std::weak_ptr<StreamChannel> channel_{};
};

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
  // Before the head is sent: a bad (422) or expired (410) cursor is an ordinary error reply,
  // and a client that has the head is already served.
  if (cursor) {
    std::make_shared<BacklogPump>(x.store, who, *cursor)->start(channel);
  } else {
    channel->hold(std::make_shared<Subscription>(x.store.subscribe(who, deliver_to(channel))));
  }
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
