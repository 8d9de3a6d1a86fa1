// SPDX-License-Identifier: MIT
// Events::list against a reference computed here from what Events::get returns, over random
// events, shares, edits, windows, needles and pages; and search's Unicode case folding.
#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "auth/password_hash.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/migrator.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::vector<std::string> titles(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.title);
  return out;
}

// Text is built from these pieces; `folded` is each piece's case folding, written by hand so
// that the reference does not share the library's folding code.
struct Piece {
  const char* text;
  const char* folded;
};
constexpr std::array<Piece, 16> kPieces{{{"a", "a"},
                                         {"A", "a"},
                                         {"ä", "ä"},
                                         {"Ä", "ä"},
                                         {"ß", "ß"},
                                         {"ẞ", "ß"},
                                         {"σ", "σ"},
                                         {"Σ", "σ"},
                                         {"ς", "σ"},
                                         {"ж", "ж"},
                                         {"Ж", "ж"},
                                         {"x", "x"},
                                         {"%", "%"},
                                         {"_", "_"},
                                         {" ", " "},
                                         {"Q", "q"}}};

struct Text {
  std::string text;
  std::string folded;
};

Text random_text(std::mt19937_64& rng, int min_pieces, int max_pieces) {
  std::uniform_int_distribution<int> count(min_pieces, max_pieces);
  std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
  Text t;
  for (int n = count(rng); n > 0; --n) {
    const Piece& p = kPieces[pick(rng)];
    t.text += p.text;
    t.folded += p.folded;
  }
  return t;
}

// Folds text made of kPieces (the events' fields) by matching pieces greedily.
std::string fold_pieces(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool matched = false;
    for (const Piece& p : kPieces) {
      const std::string_view t(p.text);
      if (s.compare(i, t.size(), t) == 0) {
        out += p.folded;
        i += t.size();
        matched = true;
        break;
      }
    }
    REQUIRE(matched);
  }
  return out;
}

bool same(const Event& a, const Event& b) {
  return a.id == b.id && a.title == b.title && a.description == b.description &&
         a.location == b.location && a.start == b.start && a.end == b.end &&
         a.owner_id == b.owner_id && a.version == b.version && a.created_at == b.created_at &&
         a.updated_at == b.updated_at && a.permission == b.permission && a.uid == b.uid &&
         a.timezone == b.timezone && a.all_day == b.all_day && a.rrule == b.rrule &&
         a.exdates == b.exdates && a.rdates == b.rdates && a.overrides == b.overrides;
}

// What Events::list must return, computed naively from every event the viewer can get.
std::vector<Event> reference(const std::vector<Event>& visible, const EventQuery& q,
                             const std::optional<std::string>& folded_needle) {
  std::vector<Event> keep;
  for (const Event& e : visible) {
    if (q.from && !(e.end > *q.from)) continue;
    if (q.to && !(e.start < *q.to)) continue;
    if (folded_needle) {
      const auto has = [&](const std::optional<std::string>& field) {
        return field && fold_pieces(*field).find(*folded_needle) != std::string::npos;
      };
      if (!has(e.title) && !has(e.description) && !has(e.location)) continue;
    }
    keep.push_back(e);
  }
  std::sort(keep.begin(), keep.end(), [](const Event& a, const Event& b) {
    return a.start != b.start ? a.start < b.start : a.id < b.id;
  });
  const auto first = std::min<std::size_t>(keep.size(), static_cast<std::size_t>(q.skip));
  const auto last = std::min<std::size_t>(keep.size(), first + static_cast<std::size_t>(q.limit));
  return {keep.begin() + static_cast<std::ptrdiff_t>(first),
          keep.begin() + static_cast<std::ptrdiff_t>(last)};
}

}  // namespace

TEST_SUITE("events list") {
  TEST_CASE_FIXTURE(StoreFixture,
                    "list returns exactly the naive reference for random events, shares, edits, "
                    "windows, needles and pages") {
    std::mt19937_64 rng(20260501);
    const Timestamp base = at("2026-05-01T00:00:00Z");
    const std::array<Principal*, 3> people{&alice, &bob, &carol};
    std::vector<EventId> ids;
    const auto rand_int = [&](std::int64_t lo, std::int64_t hi) {
      return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    // Starts on a half-hour grid over ten days, so that equal starts (ordered by id) are common;
    // a few events last days, so window scans must reach back past `from`.
    const auto random_span = [&] {
      const Timestamp start = base + minutes(30 * rand_int(0, 480));
      const auto length =
          rand_int(0, 30) == 0 ? hours(rand_int(24, 24 * 6)) : minutes(15 * rand_int(1, 12));
      return std::pair{start, start + length};
    };
    const auto create = [&](const Principal& who) {
      const auto [start, end] = random_span();
      // Framed by "x" so that no field is blank.
      const auto field = [&](int lo, int hi) { return "x" + random_text(rng, lo, hi).text + "x"; };
      EventDraft d{.title = field(0, 6), .start = start, .end = end};
      if (rand_int(0, 1) == 0) d.description = field(0, 8);
      if (rand_int(0, 2) == 0) d.location = field(0, 3);
      ids.push_back(store.events().create(who, d).id);
    };
    const auto any_id = [&] {
      return ids[static_cast<std::size_t>(rand_int(0, std::ssize(ids) - 1))];
    };

    for (int round = 0; round < 5; ++round) {
      CAPTURE(round);
      for (int i = 0; i < 80; ++i) create(*people[static_cast<std::size_t>(rand_int(0, 2))]);
      // Shares, permission changes, revocations, edits of times (which move list copies) and of
      // text, rollbacks and deletions, each by whoever owns the event.
      for (int i = 0; i < 120; ++i) {
        const EventId id = any_id();
        Principal* owner = nullptr;
        for (Principal* p : people) {
          try {
            if (store.events().get(*p, id).permission == Permission::owner) owner = p;
          } catch (const Error&) {
          }
        }
        if (owner == nullptr) continue;  // deleted earlier
        Principal* other = people[static_cast<std::size_t>(rand_int(0, 2))];
        const auto action = rand_int(0, 11);
        if (other != owner && action <= 3) {
          store.sharing().share(*owner, id, {.id = other->user_id},
                                action % 2 == 0 ? Permission::read : Permission::write);
        } else if (other != owner && action == 4) {
          try {
            store.sharing().revoke(*owner, id, other->user_id);
          } catch (const Error& e) {
            CHECK(e.code() == Errc::not_found);
          }
        } else if (action <= 7) {
          const auto [start, end] = random_span();
          store.events().update(*owner, id, {.start = start, .end = end});
        } else if (action == 8) {
          store.history().rollback(*owner, id, 1);
        } else if (action == 9) {
          store.events().remove(*owner, id);
        } else if (action == 10 && other != owner) {
          try {
            store.sharing().set_permission(
                *owner, id, other->user_id,
                rand_int(0, 1) == 0 ? Permission::read : Permission::write);
          } catch (const Error& e) {
            CHECK(e.code() == Errc::not_found);  // not shared with them
          }
        } else if (action == 11) {
          const auto field = [&] { return "x" + random_text(rng, 0, 6).text + "x"; };
          store.events().update(*owner, id, {.title = field(), .location = field()});
        }
      }

      // The store's own check compares each list copy with its event and share (SQLite).
      REQUIRE(store.check().ok());
      for (Principal* viewer : people) {
        std::vector<Event> visible;
        for (EventId id : ids) {
          try {
            visible.push_back(store.events().get(*viewer, id));
          } catch (const Error& e) {
            REQUIRE(e.code() == Errc::not_found);
          }
        }
        for (int k = 0; k < 60; ++k) {
          EventQuery q;
          q.limit = rand_int(0, 3) == 0 ? 1000 : rand_int(1, 25);
          q.skip = rand_int(0, 2) == 0 ? 0 : rand_int(0, 150);
          const auto shape = rand_int(0, 3);
          const Timestamp a = base + minutes(30 * rand_int(-96, 576));
          const Timestamp b = a + minutes(30 * rand_int(0, 200));
          if (shape == 1 || shape == 3) q.from = a;
          if (shape == 2 || shape == 3) q.to = b;
          std::optional<std::string> folded;
          if (rand_int(0, 2) == 0) {
            const Text needle = random_text(rng, 1, 2);
            q.q = needle.text;
            folded = needle.folded;
          }
          CAPTURE(viewer->username);
          CAPTURE(q.skip);
          CAPTURE(q.limit);
          CAPTURE(q.q.value_or("-"));
          const auto got = store.events().list(*viewer, q);
          const auto want = reference(visible, q, folded);
          REQUIRE(got.size() == want.size());
          for (std::size_t i = 0; i < got.size(); ++i) {
            CAPTURE(i);
            CHECK(same(got[i], want[i]));
          }
        }
      }
    }
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture, "search folds case beyond ASCII") {
    const auto add = [&](const char* title, const char* location = nullptr) {
      EventDraft d{
          .title = title, .start = at("2026-05-01T09:00:00Z"), .end = at("2026-05-01T10:00:00Z")};
      if (location != nullptr) d.location = location;
      store.events().create(alice, d);
    };
    add("ÄRGER im Büro");
    add("Straße", "GROẞE Halle");
    add("ΣΟΦΙΑ", "Ζωγράφος");
    add("Встреча в Москве");
    add("Plain ASCII");
    const auto found = [&](const char* q) { return titles(store.events().list(alice, {.q = q})); };
    using V = std::vector<std::string>;
    CHECK(found("ä") == V{"ÄRGER im Büro"});
    CHECK(found("ärger") == V{"ÄRGER im Büro"});
    CHECK(found("BÜRO") == V{"ÄRGER im Büro"});
    CHECK(found("a") == V{"Straße", "Plain ASCII"});  // Greek and Cyrillic "a" are letters apart
    CHECK(found("ß") == V{"Straße"});
    CHECK(found("STRAẞE") == V{"Straße"});
    CHECK(found("große") == V{"Straße"});
    CHECK(found("σοφια") == V{"ΣΟΦΙΑ"});
    CHECK(found("ς") == V{"ΣΟΦΙΑ"});
    CHECK(found("ΖΩΓΡΆΦΟΣ") == V{"ΣΟΦΙΑ"});
    CHECK(found("ВСТРЕЧА") == V{"Встреча в Москве"});
    CHECK(found("москве") == V{"Встреча в Москве"});
    CHECK(found("ascii") == V{"Plain ASCII"});
    CHECK(found("PLAIN") == V{"Plain ASCII"});
    // Folding never removes accents or expands letters.
    CHECK(found("arger").empty());
    CHECK(found("strasse").empty());
  }

  TEST_CASE(
      "events and shares written before the list indexes existed list and window "
      "correctly after the upgrade") {
    SQLITE_ONLY();
    TempDir dir;
    FakeClock clock;
    {
      // Version 5: no start copies on shares, no duration bound.
      auto conn =
          storage::open_and_migrate(dir / "test.db", std::span(storage::kMigrations).first(5), 1000,
                                    clock.now().time_since_epoch().count());
      auto user =
          conn.prepare("INSERT INTO users(username, password_hash, created_at) VALUES (?1, ?2, 1)");
      for (const char* name : {"old-alice", "old-bob"}) {
        user.bind_all(name, auth::hash_password("password", 1000));
        user.run();
        user.reset();
      }
      // Bob's ten-day event (shared with alice) starts long before the window asked below.
      conn.exec(
          "INSERT INTO events(id, owner_id, title, start_time, end_time, created_at, updated_at) "
          "VALUES (1, 2, 'long', 1000, 865000, 1, 1), (2, 2, 'short', 5000, 6000, 1, 1), "
          "(3, 1, 'own', 5000, 7000, 1, 1);"
          "INSERT INTO event_versions SELECT id, 1, title, NULL, NULL, start_time, end_time, "
          "owner_id, 1, 'create' FROM events;"
          "INSERT INTO shares(event_id, user_id, permission, created_at) VALUES (1, 1, 'write', "
          "1), "
          "(2, 1, 'read', 1);");
    }
    Store store = Store::open(test_config(dir, clock));
    const Principal alice =
        store.auth().authenticate(store.auth().login("old-alice", "password").access_token);
    const auto t = [](std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; };
    using V = std::vector<std::string>;
    CHECK(titles(store.events().list(alice)) == V{"long", "short", "own"});
    CHECK(titles(store.events().list(alice, {.from = t(500'000)})) == V{"long"});
    CHECK(titles(store.events().list(alice, {.from = t(5500), .to = t(5600)})) ==
          V{"long", "short", "own"});
    CHECK(titles(store.events().list(alice, {.skip = 1, .limit = 1})) == V{"short"});
    CHECK(store.check().ok());
  }
}
