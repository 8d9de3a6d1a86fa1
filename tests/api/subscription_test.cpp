// SPDX-License-Identifier: MIT
// Store::subscribe through the public API: every visible change exactly once and in order,
// from now or from a cursor, across another Store on the same database, under concurrent
// writers; who sees what; cancelling; and bad cursors.
#include <atomic>
#include <thread>

#include "support/change_collector.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

std::vector<Change> everything(Store& store, const Principal& who, std::string cursor = "") {
  std::vector<Change> out;
  for (;;) {
    ChangePage page = store.changes().since(who, cursor, 1000);
    out.insert(out.end(), page.changes.begin(), page.changes.end());
    cursor = page.cursor;
    if (!page.more) return out;
  }
}

std::vector<std::int64_t> seqs(const std::vector<Change>& changes) {
  std::vector<std::int64_t> out;
  for (const auto& c : changes) out.push_back(c.seq);
  return out;
}

std::vector<ChangeType> types(const std::vector<Change>& changes) {
  std::vector<ChangeType> out;
  for (const auto& c : changes) out.push_back(c.type);
  return out;
}

}  // namespace

TEST_SUITE("subscriptions") {
  TEST_CASE_FIXTURE(StoreFixture, "a subscription gets every change from now on, once, in order") {
    const Event before = make_event(alice, "before");  // older than the subscription
    ChangeCollector got;
    Subscription sub = store.subscribe(alice, got.callback());
    CHECK(sub.active());
    const std::string start = store.changes().since(alice, "").cursor;
    const Event e = make_event(alice);
    store.events().update(alice, e.id, {.title = "Daily"});
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    store.sharing().set_permission(alice, e.id, bob.user_id, Permission::write);
    store.history().rollback(alice, e.id, 1);
    store.sharing().revoke(alice, e.id, bob.user_id);
    store.events().remove(alice, e.id);
    const auto expected = everything(store, alice, start);
    REQUIRE(expected.size() == 7);
    const auto delivered = got.wait_for(7);
    CHECK(seqs(delivered) == seqs(expected));
    CHECK(types(delivered) == types(expected));
    CHECK(delivered.front().event_id == e.id);  // nothing of `before`
    // Each change comes with the cursor to resume after it, and the handle knows it too.
    CHECK(got.cursors().back() == std::to_string(delivered.back().seq));
    CHECK(sub.cursor() == got.cursors().back());
    CHECK(before.id != e.id);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a cursor replays what is there, then goes on live, none twice") {
    const Event e = make_event(alice);
    store.events().update(alice, e.id, {.title = "one"});
    const std::string from = store.changes().since(alice, "", 1).cursor;  // after the create
    store.events().update(alice, e.id, {.title = "two"});
    ChangeCollector got;
    Subscription sub = store.subscribe(alice, from, got.callback());
    store.events().update(alice, e.id, {.title = "three"});
    const auto delivered = got.wait_for(3);
    CHECK(seqs(delivered) == seqs(everything(store, alice, from)));
    REQUIRE(delivered.size() == 3);
    CHECK(delivered[2].version == 4);
    // "0" replays everything kept.
    ChangeCollector all;
    Subscription sub_all = store.subscribe(alice, "0", all.callback());
    CHECK(seqs(all.wait_for(4)) == seqs(everything(store, alice)));
  }

  TEST_CASE_FIXTURE(StoreFixture, "a change committed through another Store is delivered") {
    // Another Store has its own connections and no link to this one's feed thread: what it
    // commits is found through the database, as a change by another process would be.
    Store other = Store::open(test_config(dir, clock));
    ChangeCollector got;
    Subscription sub = store.subscribe(alice, got.callback());
    const Event e = other.events().create(alice, {.title = "elsewhere",
                                                  .start = at("2026-05-01T09:00:00Z"),
                                                  .end = at("2026-05-01T10:00:00Z")});
    other.events().update(alice, e.id, {.title = "still elsewhere"});
    const auto delivered = got.wait_for(2);
    REQUIRE(delivered.size() == 2);
    CHECK(delivered[0].event_id == e.id);
    CHECK(delivered[0].type == ChangeType::created);
    CHECK(delivered[1].type == ChangeType::updated);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a stranger hears nothing of other people's events") {
    ChangeCollector carols;
    Subscription sub = store.subscribe(carol, carols.callback());
    const Event e = make_event(alice);
    store.events().update(alice, e.id, {.title = "Daily"});
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::write);
    store.events().update(bob, e.id, {.location = "Room 4"});
    store.history().rollback(alice, e.id, 1);
    store.sharing().revoke(alice, e.id, bob.user_id);
    store.events().remove(alice, e.id);
    // Carol's own change comes last: delivery is in order, so what came before it is all she
    // will ever get of the above.
    const Event mine = make_event(carol, "mine");
    const auto delivered = carols.wait_for_event(mine.id);
    REQUIRE(delivered.size() == 1);
    CHECK(delivered[0].event_id == mine.id);
  }

  TEST_CASE_FIXTURE(StoreFixture, "who loses access gets unshared, then nothing more") {
    const Event e = make_event(alice);
    ChangeCollector bobs;
    Subscription sub = store.subscribe(bob, bobs.callback());
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    store.events().update(alice, e.id, {.title = "seen"});
    store.sharing().revoke(alice, e.id, bob.user_id);
    store.events().update(alice, e.id, {.title = "not seen"});
    store.events().remove(alice, e.id);
    const Event mine = make_event(bob, "mine");
    const auto delivered = bobs.wait_for_event(mine.id);
    CHECK(types(delivered) == std::vector<ChangeType>{ChangeType::shared, ChangeType::updated,
                                                      ChangeType::unshared, ChangeType::created});
    CHECK(delivered.back().event_id == mine.id);
  }

  TEST_CASE_FIXTURE(StoreFixture, "concurrent writers: each change once, in commit order") {
    std::vector<Event> events;
    for (int i = 0; i < 4; ++i) events.push_back(make_event(alice, "e" + std::to_string(i)));
    const std::string start = store.changes().since(alice, "").cursor;
    ChangeCollector got;
    Subscription sub = store.subscribe(alice, got.callback());
    Store other = Store::open(test_config(dir, clock));  // a second writer outside this store
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        Store& through = w % 2 == 0 ? store : other;
        for (int i = 0; i < 20; ++i) {
          through.events().update(alice, events[static_cast<std::size_t>(w)].id,
                                  {.title = "t" + std::to_string(i)});
        }
      });
    }
    for (auto& t : writers) t.join();
    const auto expected = everything(store, alice, start);
    REQUIRE(expected.size() == 80);
    const auto delivered = got.wait_for(80);
    CHECK(seqs(delivered) == seqs(expected));
  }

  TEST_CASE_FIXTURE(StoreFixture, "cancel stops delivery at once, from outside or inside") {
    const Event e = make_event(alice);
    ChangeCollector got;
    Subscription sub = store.subscribe(alice, got.callback());
    store.events().update(alice, e.id, {.title = "one"});
    REQUIRE(got.wait_for(1).size() == 1);
    sub.cancel();
    CHECK_FALSE(sub.active());
    // A subscription that cancels itself from its callback gets that one call and no more.
    std::atomic<int> calls{0};
    Subscription self;
    self = store.subscribe(alice, [&](const Change&, const std::string&) {
      ++calls;
      self.cancel();
    });
    ChangeCollector witness;  // subscribed last: when it has both, the first saw both too
    Subscription w = store.subscribe(alice, witness.callback());
    store.events().update(alice, e.id, {.title = "two"});
    store.events().update(alice, e.id, {.title = "three"});
    REQUIRE(witness.wait_for(2).size() == 2);
    CHECK(calls == 1);
    CHECK(got.changes().size() == 1);  // the cancelled one saw none of these
  }

  TEST_CASE_FIXTURE(StoreFixture, "a callback that throws is cancelled, and others go on") {
    const Event e = make_event(alice);
    std::atomic<int> calls{0};
    Subscription bad = store.subscribe(alice, [&](const Change&, const std::string&) {
      ++calls;
      throw std::runtime_error("boom");
    });
    ChangeCollector good;
    Subscription ok = store.subscribe(alice, good.callback());
    store.events().update(alice, e.id, {.title = "one"});
    store.events().update(alice, e.id, {.title = "two"});
    REQUIRE(good.wait_for(2).size() == 2);
    CHECK(calls == 1);
    CHECK_FALSE(bad.active());
    CHECK(ok.active());
  }

  TEST_CASE_FIXTURE(StoreFixture, "a subscription outliving its store stops, safely") {
    Subscription sub;
    {
      Store second = Store::open(test_config(dir, clock));
      ChangeCollector got;
      sub = second.subscribe(alice, got.callback());
      CHECK(sub.active());
    }
    CHECK_FALSE(sub.active());
    sub.cancel();  // nothing left to cancel: no crash
  }

  TEST_CASE_FIXTURE(StoreFixture, "bad and expired cursors are refused before anything starts") {
    ChangeCollector got;
    CHECK_ERRC(store.subscribe(alice, "abc", got.callback()), Errc::invalid_argument);
    CHECK_ERRC(store.subscribe(alice, "999", got.callback()), Errc::invalid_argument);
    CHECK_ERRC(store.subscribe(alice, ChangeCallback{}), Errc::invalid_argument);
    const Event e = make_event(alice);
    const std::string first = store.changes().since(alice, "", 1).cursor;
    store.events().update(alice, e.id, {.title = "kept"});
    clock.advance(31 * 86'400);  // past the default retention of 30 days
    store.events().update(alice, e.id, {.title = "prunes the old ones"});
    CHECK_ERRC(store.subscribe(alice, first, got.callback()), Errc::gone);
  }
}
