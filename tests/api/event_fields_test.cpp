// SPDX-License-Identifier: MIT
// The event's fields are described once (lib/events/fields.hpp); these tests prove that
// every layer follows the table: diff, changelog, JSON in and out, and storage, which
// writes only the columns that changed.
#include <set>
#include <string>

#include "events/fields.hpp"
#include "json/shapes.hpp"
#include "support/raw_sqlite.hpp"
#include "support/store_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

std::set<std::string> table_names() {
  std::set<std::string> out;
  for (const auto& f : events::kFieldInfos) out.emplace(f.name);
  return out;
}

// A patch that changes only the table's field `i` of `e` to a new valid value; nullopt for a
// field no patch changes alone (all_day needs new times, overrides their own operation).
std::optional<EventPatch> change_only(std::size_t i, const Event& e) {
  EventPatch p;
  bool alone = true;
  std::size_t k = 0;
  events::for_each_field([&](const auto& f) {
    if (k++ != i) return;
    using T = typename std::decay_t<decltype(f)>::value_type;
    const std::string_view name = f.info.name;
    if constexpr (!events::kPatchable<decltype(f)> || std::is_same_v<T, bool>) {
      alone = false;
    } else if constexpr (std::is_same_v<T, Timestamp>) {
      // Move start earlier or end later, so end stays after start.
      const bool is_start = name == "start_time";
      (is_start ? p.start : p.end) = f.of(e) + std::chrono::minutes(is_start ? -5 : 5);
    } else if constexpr (std::is_same_v<T, std::vector<Timestamp>>) {
      f.of(p) = std::vector<Timestamp>{e.start + std::chrono::days{2}};
    } else if (name == "timezone") {
      f.of(p) = "Asia/Tokyo";
    } else if (name == "rrule") {
      f.of(p) = "FREQ=DAILY";
    } else {
      f.of(p) = "new " + std::string(name);
    }
  });
  if (!alone) return std::nullopt;
  return p;
}

// A trigger that logs `column` into `touched` when an UPDATE names it in its SET list (both
// backends fire UPDATE OF triggers that way), in the dialect of the backend under test.
std::string fmt_trigger(std::string_view column) {
  const std::string c(column);
  if (on_postgres()) {
    return "CREATE OR REPLACE FUNCTION touched_" + c +
           "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO touched VALUES ('" + c +
           "'); RETURN NULL; END $$; CREATE TRIGGER touched_" + c + " AFTER UPDATE OF " + c +
           " ON events FOR EACH ROW EXECUTE FUNCTION touched_" + c + "();";
  }
  return "CREATE TRIGGER touched_" + c + " AFTER UPDATE OF " + c +
         " ON events BEGIN INSERT INTO touched VALUES ('" + c + "'); END;";
}

std::string drop_trigger(std::string_view column) {
  return "DROP TRIGGER touched_" + std::string(column) + (on_postgres() ? " ON events" : "");
}

// The logged column names, comma-separated.
std::string touched(RawDb& raw) {
  return raw.text(on_postgres() ? "SELECT string_agg(col, ',') FROM touched"
                                : "SELECT group_concat(col) FROM touched");
}

}  // namespace

TEST_SUITE("event fields") {
  TEST_CASE("the table describes the content fields, the calendar's included") {
    CHECK(events::kFieldCount == 12);
    CHECK(events::kFieldInfos[7].name == "all_day");
    CHECK(events::kFieldInfos[7].kind == events::FieldKind::flag);
    CHECK(events::kFieldInfos[9].kind == events::FieldKind::times);
    CHECK_FALSE(events::kFieldInfos[11].input());
    CHECK_FALSE(events::kFieldInfos[5].required());  // uid: generated when left out
    CHECK(events::kFieldInfos[0].name == "title");
    CHECK(events::kFieldInfos[0].not_blank);
    CHECK(events::kFieldInfos[1].clearable());
    CHECK(events::kFieldInfos[2].max_length == 500);
    CHECK(events::kFieldInfos[3].kind == events::FieldKind::time);
    CHECK(events::kFieldInfos[4].required());
  }

  TEST_CASE_FIXTURE(StoreFixture, "changing one field writes, diffs and logs exactly that field") {
    for (std::size_t i = 0; i < events::kFieldCount; ++i) {
      const std::string name(events::kFieldInfos[i].name);
      CAPTURE(name);
      const Event probe = make_event(alice, "probe");
      if (!change_only(i, probe)) continue;
      const Event e = store.events().create(alice, {.title = "T",
                                                    .description = "d",
                                                    .location = "l",
                                                    .start = at("2026-05-01T09:00:00Z"),
                                                    .end = at("2026-05-01T10:00:00Z")});
      RawDb raw(dir / "test.db");
      raw.exec("CREATE TABLE IF NOT EXISTS touched(col TEXT)");
      raw.exec("DELETE FROM touched");
      for (const auto& f : events::kFieldInfos) {
        // UPDATE OF fires only for columns named in the UPDATE's SET list.
        raw.exec(fmt_trigger(f.name));
      }
      const Event after = store.events().update(alice, e.id, *change_only(i, e));
      CHECK(after.version == 2);
      CHECK(touched(raw) == name);
      const Diff d = store.history().diff(alice, e.id, 1, 2);
      REQUIRE(d.changes.size() == 1);
      CHECK(d.changes[0].field == name);
      CHECK(store.history().changelog(alice, e.id)[1].fields == std::vector<std::string>{name});
      CHECK(store.events().get(alice, e.id).version == 2);
      for (const auto& f : events::kFieldInfos) {
        raw.exec(drop_trigger(f.name));
      }
    }
    CHECK(store.check().ok());
  }

  TEST_CASE_FIXTURE(StoreFixture, "a rollback writes only the columns it changes back") {
    const Event e = make_event(alice);
    store.events().update(alice, e.id, {.location = "Room 4"});
    RawDb raw(dir / "test.db");
    raw.exec("CREATE TABLE touched(col TEXT)");
    for (const auto& f : events::kFieldInfos) raw.exec(fmt_trigger(f.name));
    CHECK(store.history().rollback(alice, e.id, 1).version == 3);
    CHECK(touched(raw) == "location");
    CHECK(!store.events().get(alice, e.id).location);
  }

  TEST_CASE_FIXTURE(StoreFixture, "the JSON shapes carry exactly the table's fields") {
    const Event e = make_event(alice);
    const auto names = table_names();
    std::set<std::string> keys;
    const nlohmann::json event_doc = json::to_json(e);
    for (const auto& [k, v] : event_doc.items()) keys.insert(k);
    for (const auto& n : names) CHECK(keys.count(n) == 1);
    CHECK(keys.size() == names.size() + 6);  // id, owner_id, version, times, permission
    keys.clear();
    const nlohmann::json version_doc = json::to_json(store.history().get(alice, e.id, 1));
    for (const auto& [k, v] : version_doc.items()) keys.insert(k);
    for (const auto& n : names) CHECK(keys.count(n) == 1);

    // Every field is accepted by the decoders, and a draft round-trips.
    const auto draft = json::parse_event_draft({{"title", e.title},
                                                {"description", nullptr},
                                                {"location", "x"},
                                                {"start_time", "2026-05-01T09:00:00Z"},
                                                {"end_time", "2026-05-01T10:00:00Z"}});
    CHECK(draft.location == "x");
    CHECK(!draft.description);
    const auto update = json::parse_event_update(
        {{"description", nullptr}, {"location", "y"}, {"end_time", "2026-05-01T11:00:00Z"}});
    CHECK(update.patch.description.clears());
    CHECK(update.patch.location.value() == "y");
    CHECK(!update.patch.title);
    CHECK(update.patch.end == at("2026-05-01T11:00:00Z"));
    CHECK_ERRC(json::parse_event_update({{"title", nullptr}}), Errc::invalid_argument);
    CHECK_ERRC(json::parse_event_update({{"start_time", nullptr}}), Errc::invalid_argument);
    CHECK_ERRC(json::parse_event_draft({{"title", "t"}, {"start_time", "2026-05-01T09:00:00Z"}}),
               Errc::invalid_argument);
  }

  TEST_CASE("the JSON batch decoder applies the library's batch rule") {
    const nlohmann::json item = {{"title", "t"},
                                 {"start_time", "2026-05-01T09:00:00Z"},
                                 {"end_time", "2026-05-01T10:00:00Z"}};
    CHECK_ERRC(json::parse_event_batch(nlohmann::json::array()), Errc::invalid_argument);
    const nlohmann::json too_many(kMaxBatch + 1, item);
    try {
      json::parse_event_batch(too_many);
      FAIL_CHECK("accepted");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == "a batch holds 1 to 1000 events (got 1001)");
    }
    try {
      json::parse_event_batch({item, {{"title", 5}}});
      FAIL_CHECK("accepted");
    } catch (const Error& e) {
      CHECK(e.item_index() == 1u);
      CHECK(std::string(e.what()) == "item 1: title must be a string");
    }
  }
}
