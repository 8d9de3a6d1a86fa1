// SPDX-License-Identifier: MIT
// The change feed through the public API: what is recorded, who sees it, cursors, retention,
// and order under concurrent writers.
#include <atomic>
#include <thread>

#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

struct Seen {
  EventId event;
  ChangeType type;
  std::int64_t version;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> seen(const ChangePage& page) {
  std::vector<Seen> out;
  for (const auto& c : page.changes) out.push_back({c.event_id, c.type, c.version});
  return out;
}

std::vector<Change> everything(Store& store, const Principal& who) {
  std::vector<Change> out;
  std::string cursor;
  for (;;) {
    ChangePage page = store.changes().since(who, cursor, 7);
    out.insert(out.end(), page.changes.begin(), page.changes.end());
    cursor = page.cursor;
    if (!page.more) return out;
  }
}

}  // namespace

TEST_SUITE("changes") {
  TEST_CASE_FIXTURE(StoreFixture,
                    "every kind of change is recorded once, in order, with who and when") {
    const Event e = make_event(alice);
    clock.advance(10);
    store.events().update(alice, e.id, {.title = "Daily"});
    store.events().update(alice, e.id, {.title = "Daily"});  // changes nothing: no entry
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);  // nothing
    store.sharing().set_permission(alice, e.id, bob.user_id, Permission::write);
    store.events().update(bob, e.id, {.location = "Room 4"});
    store.history().rollback(alice, e.id, 1);
    store.sharing().revoke(alice, e.id, bob.user_id);
    store.events().remove(alice, e.id);
    const ChangePage page = store.changes().since(alice, "");
    CHECK(seen(page) == std::vector<Seen>{{e.id, ChangeType::created, 1},
                                          {e.id, ChangeType::updated, 2},
                                          {e.id, ChangeType::shared, 2},
                                          {e.id, ChangeType::shared, 2},
                                          {e.id, ChangeType::updated, 3},
                                          {e.id, ChangeType::updated, 4},
                                          {e.id, ChangeType::unshared, 4},
                                          {e.id, ChangeType::deleted, 4}});
    CHECK_FALSE(page.more);
    REQUIRE(page.changes.size() == 8);
    CHECK(page.changes[0].by == alice.user_id);
    CHECK(page.changes[4].by == bob.user_id);
    CHECK(page.changes[1].at == clock.now());
    for (std::size_t i = 1; i < page.changes.size(); ++i) {
      CHECK(page.changes[i].seq > page.changes[i - 1].seq);
    }
    CHECK(to_string(ChangeType::unshared) == "unshared");
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "a user sees a change when they could see the event right after it") {
    const Event e = make_event(alice);
    store.events().update(alice, e.id, {.title = "before bob"});
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::write);
    store.events().update(alice, e.id, {.title = "with bob"});
    store.sharing().revoke(alice, e.id, bob.user_id);
    store.events().update(alice, e.id, {.title = "after bob"});
    store.events().remove(alice, e.id);
    // bob: the share, the update while shared, and the revocation; then nothing.
    CHECK(seen(store.changes().since(bob, "")) ==
          std::vector<Seen>{{e.id, ChangeType::shared, 2},
                            {e.id, ChangeType::updated, 3},
                            {e.id, ChangeType::unshared, 3}});
    // A stranger: nothing of any kind.
    CHECK(store.changes().since(carol, "").changes.empty());
    CHECK(store.changes().since(alice, "").changes.size() == 7);
  }

  TEST_CASE_FIXTURE(StoreFixture, "a deletion reaches everyone who could see the event") {
    const Event e = make_event(alice);
    store.sharing().share(alice, e.id, {.username = "bob"}, Permission::read);
    const std::string cursor = store.changes().since(bob, "").cursor;
    store.events().remove(alice, e.id);
    CHECK(seen(store.changes().since(bob, cursor)) ==
          std::vector<Seen>{{e.id, ChangeType::deleted, 1}});
    CHECK(store.changes().since(carol, "").changes.empty());
  }

  TEST_CASE_FIXTURE(StoreFixture, "pages follow the cursor, and a quiet user's cursor keeps up") {
    for (int i = 0; i < 5; ++i) make_event(alice, "e" + std::to_string(i));
    ChangePage first = store.changes().since(alice, "0", 2);
    CHECK(first.changes.size() == 2);
    CHECK(first.more);
    ChangePage second = store.changes().since(alice, first.cursor, 2);
    CHECK(second.changes.size() == 2);
    CHECK(second.changes[0].seq > first.changes[1].seq);
    ChangePage last = store.changes().since(alice, second.cursor, 2);
    CHECK(last.changes.size() == 1);
    CHECK_FALSE(last.more);
    CHECK(store.changes().since(alice, last.cursor).changes.empty());
    // carol sees none of it, yet her cursor moves past it all.
    const ChangePage quiet = store.changes().since(carol, "");
    CHECK(quiet.changes.empty());
    CHECK(quiet.cursor == last.cursor);
    CHECK(everything(store, alice).size() == 5);
  }

  TEST_CASE_FIXTURE(StoreFixture, "bad cursors and limits are refused") {
    make_event(alice);
    CHECK_ERRC(store.changes().since(alice, "abc"), Errc::invalid_argument);
    CHECK_ERRC(store.changes().since(alice, "-1"), Errc::invalid_argument);
    CHECK_ERRC(store.changes().since(alice, "99999"), Errc::invalid_argument);
    CHECK_ERRC(store.changes().since(alice, "", 0), Errc::invalid_argument);
    CHECK_ERRC(store.changes().since(alice, "", 1001), Errc::invalid_argument);
    CHECK(store.changes().since(alice, "", 1000).changes.size() == 1);
  }

  TEST_CASE_FIXTURE(StoreFixture,
                    "changes older than the retention are pruned; an older cursor is gone") {
    const Event e = make_event(alice);
    store.events().update(alice, e.id, {.title = "two"});
    const std::string start = store.changes().since(alice, "0", 1).cursor;  // after change 1
    const std::string after_both = store.changes().since(alice, "").cursor;
    clock.advance(31 * 86'400);                              // past the default 30 days
    store.events().update(alice, e.id, {.title = "three"});  // prunes the old ones
    CHECK_ERRC(store.changes().since(alice, start), Errc::gone);
    const ChangePage kept = store.changes().since(alice, "");
    CHECK(seen(kept) == std::vector<Seen>{{e.id, ChangeType::updated, 3}});
    // The cursor handed out after the last pruned change still works: nothing after it is lost.
    CHECK(seen(store.changes().since(alice, after_both)) ==
          std::vector<Seen>{{e.id, ChangeType::updated, 3}});
  }

  TEST_CASE_FIXTURE(StoreFixture, "numbers follow commit order under concurrent writers") {
    std::vector<Event> events;
    for (int i = 0; i < 4; ++i) events.push_back(make_event(alice, "e" + std::to_string(i)));
    std::atomic<bool> done{false};
    std::vector<Change> collected;
    // The starting cursor is taken before any writer runs: taken inside the reader, it could
    // already be past a writer's first change.
    std::string cursor = store.changes().since(alice, "").cursor;
    std::thread reader([&] {
      for (;;) {
        const bool last = done.load();
        ChangePage page = store.changes().since(alice, cursor, 1000);
        collected.insert(collected.end(), page.changes.begin(), page.changes.end());
        cursor = page.cursor;
        if (last && !page.more) return;
      }
    });
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; i < 25; ++i) {
          store.events().update(alice, events[static_cast<std::size_t>(w)].id,
                                {.title = "t" + std::to_string(i)});
        }
      });
    }
    for (auto& t : writers) t.join();
    done = true;
    reader.join();
    const auto all = everything(store, alice);
    REQUIRE(all.size() == 4 + 100);
    // What the reader pieced together while the writers ran is exactly the tail of the feed.
    REQUIRE(collected.size() == 100);
    for (std::size_t i = 0; i < collected.size(); ++i) CHECK(collected[i].seq == all[4 + i].seq);
  }
}
