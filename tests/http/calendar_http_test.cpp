// SPDX-License-Identifier: MIT
// The calendar routes over real HTTP: /occurrences, one occurrence's change and cancellation,
// /freebusy, /conflicts and ?conflicts=reject; their shapes, the permission table and bad input.
#include "support/http_fixture.hpp"
#include "support/test_database.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

// A weekly Monday 09:00 Berlin standup from 2026-05-04 (07:00Z in summer, 08:00Z in winter).
json weekly_berlin(const std::string& title = "Standup") {
  return {{"title", title},
          {"start_time", "2026-05-04T09:00:00+02:00"},
          {"end_time", "2026-05-04T09:15:00+02:00"},
          {"timezone", "Europe/Berlin"},
          {"rrule", "FREQ=WEEKLY;BYDAY=MO"}};
}

const char* kMay = "from=2026-05-01T00:00:00Z&to=2026-05-31T00:00:00Z";

struct CalendarFixture : HttpFixture {
  std::string url = test_config(dir, clock).database_url;
  std::string fingerprint() const { return database_fingerprint(url); }

  std::int64_t create(const json& body, const std::string& token) const {
    const Reply r = post("/events/", body, token);
    REQUIRE_MESSAGE(r.status == 201, r.raw);
    return r.body.at("id").get<std::int64_t>();
  }
  void share(std::int64_t id, const std::string& owner, const std::string& who,
             const std::string& permission) const {
    REQUIRE(
        post(path(id, "/share"), {{"username", who}, {"permission", permission}}, owner).status ==
        201);
  }
};

bool mentions(const Reply& r, const std::string& text) {
  return r.raw.find(text) != std::string::npos;
}

}  // namespace

TEST_SUITE("http calendar") {
  TEST_CASE_FIXTURE(CalendarFixture,
                    "occurrences expand a Berlin weekly series at 09:00 local in summer and "
                    "winter, all-day events as dates, in the occurrence shape") {
    const std::string t = user("alice");
    const auto series = create(weekly_berlin(), t);
    const auto holiday = create({{"title", "Holiday"},
                                 {"all_day", true},
                                 {"start_time", "2026-05-06"},
                                 {"end_time", "2026-05-08"}},
                                t);
    Reply may = get(std::string("/occurrences?") + kMay, t);
    REQUIRE_MESSAGE(may.status == 200, may.raw);
    REQUIRE(may.body.size() == 5);  // Mondays 4, 11, 18, 25 and the holiday
    const json& first = may.body[0];
    CHECK(first.size() == 12);
    CHECK(first.at("event_id") == series);
    CHECK(first.at("recurrence_id") == "2026-05-04T07:00:00Z");
    CHECK(first.at("start_time") == "2026-05-04T07:00:00Z");
    CHECK(first.at("end_time") == "2026-05-04T07:15:00Z");
    CHECK(first.at("all_day") == false);
    CHECK(first.at("timezone") == "Europe/Berlin");
    CHECK(first.at("title") == "Standup");
    CHECK(first.at("permission") == "owner");
    CHECK(first.at("version") == 1);
    CHECK(first.at("overridden") == false);
    const json& day = may.body[1];
    CHECK(day.at("event_id") == holiday);
    CHECK(day.at("recurrence_id").is_null());
    CHECK(day.at("start_time") == "2026-05-06");
    CHECK(day.at("end_time") == "2026-05-08");
    CHECK(day.at("all_day") == true);

    const Reply winter = get("/occurrences?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z", t);
    REQUIRE(winter.body.size() == 1);
    CHECK(winter.body[0].at("start_time") == "2026-12-07T08:00:00Z");
    // An offset in the window, limit and q.
    CHECK(get("/occurrences?from=2026-05-01T00:00:00%2B02:00&to=2026-05-31T00:00:00Z&limit=2", t)
              .body.size() == 2);
    CHECK(get(std::string("/occurrences?") + kMay + "&q=holi", t).body.size() == 1);
  }

  TEST_CASE_FIXTURE(CalendarFixture,
                    "an occurrence is changed and cancelled by recurrence id, with If-Match "
                    "as for the event") {
    const std::string t = user("alice");
    const auto id = create(weekly_berlin(), t);
    const std::string one = path(id, "/occurrences/2026-05-11T07%3A00%3A00Z");
    Reply r = put(one,
                  {{"title", "Moved"},
                   {"location", "Room 2"},
                   {"start_time", "2026-05-11T11:00:00+02:00"},
                   {"end_time", "2026-05-11T11:30:00+02:00"}},
                  t);
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    CHECK(r.body.at("overridden") == true);
    CHECK(r.body.at("title") == "Moved");
    CHECK(r.body.at("location") == "Room 2");
    CHECK(r.body.at("recurrence_id") == "2026-05-11T07:00:00Z");
    CHECK(r.body.at("start_time") == "2026-05-11T09:00:00Z");
    CHECK(r.body.at("version") == 2);
    CHECK(put(one, {{"location", nullptr}}, t).body.at("location").is_null());

    // If-Match: stale is 412, a stale body version 409; nothing changes either way.
    const std::string before = fingerprint();
    CHECK_HTTP_ERROR(put(one, {{"title", "x"}}, t, {{"If-Match", "\"1\""}}), 412);
    CHECK_HTTP_ERROR(put(one, {{"title", "x"}, {"version", 1}}, t), 409);
    CHECK(fingerprint() == before);
    CHECK(put(one, {{"title", "Again"}}, t, {{"If-Match", "\"3\""}}).status == 200);

    CHECK_HTTP_ERROR(send("DELETE", path(id, "/occurrences/2026-05-18T07:00:00Z"), t, {},
                          {{"If-Match", "\"1\""}}),
                     412);
    const Reply gone = send("DELETE", path(id, "/occurrences/2026-05-18T07:00:00Z"), t, {},
                            {{"If-Match", "\"4\""}});
    CHECK(gone.status == 204);
    const Reply event = get(path(id), t);
    CHECK(event.body.at("exdates") == json::array({"2026-05-18T07:00:00Z"}));
    CHECK(event.body.at("version") == 5);
    const Reply may = get(std::string("/occurrences?") + kMay, t);
    REQUIRE(may.body.size() == 3);
    CHECK(may.body[1].at("title") == "Again");
    CHECK(may.body[2].at("start_time") == "2026-05-25T07:00:00Z");

    // An all-day series is addressed by date.
    const auto days = create({{"title", "Gym"},
                              {"all_day", true},
                              {"start_time", "2026-05-04"},
                              {"end_time", "2026-05-05"},
                              {"rrule", "FREQ=DAILY;COUNT=5"}},
                             t);
    Reply moved = put(path(days, "/occurrences/2026-05-05"),
                      {{"start_time", "2026-05-09"}, {"end_time", "2026-05-10"}}, t);
    REQUIRE_MESSAGE(moved.status == 200, moved.raw);
    CHECK(moved.body.at("start_time") == "2026-05-09");
    CHECK(moved.body.at("recurrence_id") == "2026-05-05");
    CHECK(del(path(days, "/occurrences/2026-05-06"), t).status == 204);
  }

  TEST_CASE_FIXTURE(CalendarFixture,
                    "cancelling an occurrence needs the recurrence id in the series' form, "
                    "checked after access, as for changing one") {
    const std::string alice = user("alice");
    const std::string reader = user("rita");
    const std::string stranger = user("sam");
    const auto days = create({{"title", "Gym"},
                              {"all_day", true},
                              {"start_time", "2026-05-04"},
                              {"end_time", "2026-05-05"},
                              {"rrule", "FREQ=DAILY;COUNT=5"}},
                             alice);
    // A timed series at midnight UTC: a date names the instant of one of its occurrences.
    const auto midnight = create({{"title", "Backup"},
                                  {"start_time", "2026-05-04T00:00:00Z"},
                                  {"end_time", "2026-05-04T00:30:00Z"},
                                  {"rrule", "FREQ=DAILY;COUNT=5"}},
                                 alice);
    share(days, alice, "rita", "read");
    const std::string before = fingerprint();
    const std::string time_of_day = path(days, "/occurrences/2026-05-05T00:00:00Z");
    CHECK_HTTP_ERROR(del(time_of_day, alice), 404);
    CHECK_HTTP_ERROR(del(path(midnight, "/occurrences/2026-05-05"), alice), 404);
    CHECK_HTTP_ERROR(del(time_of_day, reader), 403);  // access before input
    CHECK_HTTP_ERROR(del(time_of_day, stranger), 404);
    CHECK(fingerprint() == before);
    CHECK(del(path(days, "/occurrences/2026-05-05"), alice).status == 204);
    CHECK(del(path(midnight, "/occurrences/2026-05-05T00:00:00Z"), alice).status == 204);
    CHECK(get(path(days, ""), alice).body.at("exdates") == json::array({"2026-05-05"}));
    CHECK(get(path(midnight, ""), alice).body.at("exdates") ==
          json::array({"2026-05-05T00:00:00Z"}));
  }

  TEST_CASE_FIXTURE(CalendarFixture,
                    "the calendar routes keep the permission table: strangers see nothing, "
                    "readers cannot change occurrences, free/busy shows times only") {
    const std::string alice = user("alice");
    const std::string writer = user("wendy");
    const std::string reader = user("rita");
    const std::string stranger = user("sam");
    const auto id = create(weekly_berlin("Secret plan"), alice);
    create({{"title", "Secret overlap"},
            {"start_time", "2026-05-04T07:10:00Z"},
            {"end_time", "2026-05-04T07:20:00Z"}},
           alice);
    share(id, alice, "wendy", "write");
    share(id, alice, "rita", "read");
    const std::string one = path(id, "/occurrences/2026-05-11T07:00:00Z");

    const std::string before = fingerprint();
    CHECK_HTTP_ERROR(put(one, {{"title", "x"}}, stranger), 404);
    CHECK_HTTP_ERROR(put(one, {{"bogus", 1}}, stranger), 404);  // access before input
    CHECK_HTTP_ERROR(del(one, stranger), 404);
    CHECK_HTTP_ERROR(put(one, {{"title", "x"}}, reader), 403);
    CHECK_HTTP_ERROR(put(one, {{"bogus", 1}}, reader), 403);
    CHECK_HTTP_ERROR(del(one, reader), 403);
    CHECK(fingerprint() == before);
    CHECK(put(one, {{"title", "By Wendy"}}, writer).status == 200);
    CHECK(del(path(id, "/occurrences/2026-05-18T07:00:00Z"), writer).status == 204);
    CHECK(put(one, {{"title", "By Alice"}}, alice).status == 200);

    CHECK(get(std::string("/occurrences?") + kMay, stranger).body == json::array());
    CHECK(get(std::string("/conflicts?") + kMay, stranger).body == json::array());
    const Reply seen = get(std::string("/occurrences?") + kMay, reader);
    REQUIRE(seen.body.size() == 3);
    CHECK(seen.body[0].at("permission") == "read");
    const Reply conflicts = get(std::string("/conflicts?") + kMay, alice);
    REQUIRE(conflicts.body.size() == 1);
    CHECK(conflicts.body[0].at("a").at("event_id") == id);
    CHECK(conflicts.body[0].at("b").at("title") == "Secret overlap");
    CHECK(get(std::string("/conflicts?") + kMay, reader).body == json::array());

    // A stranger may ask when alice is busy, and learns times, never titles.
    const Reply busy = get(std::string("/freebusy?") + kMay + "&user=alice&user=sam", stranger);
    REQUIRE_MESSAGE(busy.status == 200, busy.raw);
    CHECK(busy.body.at("from") == "2026-05-01T00:00:00Z");
    REQUIRE(busy.body.at("users").size() == 2);
    CHECK(busy.body["users"][0].at("username") == "alice");
    const json& intervals = busy.body["users"][0].at("busy");
    REQUIRE(intervals.size() == 3);  // 4th merged with the overlap, 11th, 25th
    CHECK(intervals[0] == json{{"start", "2026-05-04T07:00:00Z"}, {"end", "2026-05-04T07:20:00Z"}});
    CHECK(busy.body["users"][1].at("busy") == json::array());
    CHECK_FALSE(mentions(busy, "Secret"));
    CHECK_FALSE(mentions(busy, "Alice"));
    // Default: the caller.
    const Reply own = get(std::string("/freebusy?") + kMay, alice);
    REQUIRE(own.body.at("users").size() == 1);
    CHECK(own.body["users"][0].at("username") == "alice");
  }

  TEST_CASE_FIXTURE(CalendarFixture,
                    "bad calendar input is a 422 naming what is wrong, or a 404, and changes "
                    "nothing") {
    const std::string t = user("alice");
    const auto timed = create(weekly_berlin(), t);
    const auto days = create({{"title", "Gym"},
                              {"all_day", true},
                              {"start_time", "2026-05-04"},
                              {"end_time", "2026-05-05"},
                              {"rrule", "FREQ=DAILY"}},
                             t);
    const std::string before = fingerprint();
    for (const char* route : {"/occurrences", "/freebusy", "/conflicts"}) {
      CAPTURE(route);
      const std::string r(route);
      CHECK_HTTP_ERROR(get(r + "?from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z", t), 422);
      CHECK_HTTP_ERROR(get(r + "?to=2026-05-31T00:00:00Z", t), 422);
      CHECK_HTTP_ERROR(get(r + "?from=2026-05-01T00:00:00Z", t), 422);
      CHECK_HTTP_ERROR(get(r + "?from=yesterday&to=2026-05-31T00:00:00Z", t), 422);
      CHECK_HTTP_ERROR(get(r + "?" + kMay), 401);
    }
    CHECK(mentions(get("/occurrences?to=2026-05-31T00:00:00Z", t), "from"));
    CHECK_HTTP_ERROR(get(std::string("/occurrences?") + kMay + "&limit=0", t), 422);
    CHECK_HTTP_ERROR(get(std::string("/occurrences?") + kMay + "&limit=10001", t), 422);
    CHECK_HTTP_ERROR(get(std::string("/freebusy?") + kMay + "&user=nobody", t), 404);

    // Recurrence ids that name no occurrence.
    for (const char* rid : {"2026-05-12T07:00:00Z", "2026-05-11T07:00:01Z", "2026-05-11",
                            "not-a-time", "2026-05-11T07%3A00%3A0", "%ZZ"}) {
      CAPTURE(rid);
      CHECK_HTTP_ERROR(put(path(timed, "/occurrences/") + rid, {{"title", "x"}}, t), 404);
      CHECK_HTTP_ERROR(del(path(timed, "/occurrences/") + rid, t), 404);
    }
    CHECK_HTTP_ERROR(put(path(days, "/occurrences/2026-05-05T00:00:00Z"), {{"title", "x"}}, t),
                     404);
    CHECK_HTTP_ERROR(
        put(path(timed + days + 10, "/occurrences/2026-05-11T07:00:00Z"), {{"title", "x"}}, t),
        404);

    // Times in the wrong form, naming the field; unknown keys.
    const Reply date_time =
        put(path(days, "/occurrences/2026-05-05"), {{"start_time", "2026-05-05T10:00:00Z"}}, t);
    CHECK_HTTP_ERROR(date_time, 422);
    CHECK(mentions(date_time, "start_time"));
    const Reply date =
        put(path(timed, "/occurrences/2026-05-11T07:00:00Z"), {{"end_time", "2026-05-11"}}, t);
    CHECK_HTTP_ERROR(date, 422);
    CHECK(mentions(date, "end_time"));
    CHECK_HTTP_ERROR(put(path(timed, "/occurrences/2026-05-11T07:00:00Z"), {{"colour", "red"}}, t),
                     422);
    CHECK_HTTP_ERROR(put(path(timed, "/occurrences/2026-05-11T07:00:00Z"), {{"description", 5}}, t),
                     422);
    CHECK_HTTP_ERROR(put(path(timed, "/occurrences/2026-05-11T07:00:00Z"), {{"title", nullptr}}, t),
                     422);

    // Event bodies: an all-day event with a time, a timed one with a date, a zone, rules.
    json all_day_time = {{"title", "x"},
                         {"all_day", true},
                         {"start_time", "2026-05-04T00:00:00Z"},
                         {"end_time", "2026-05-05"}};
    const Reply a = post("/events/", all_day_time, t);
    CHECK_HTTP_ERROR(a, 422);
    CHECK(mentions(a, "start_time"));
    const Reply b = post(
        "/events/", {{"title", "x"}, {"start_time", "2026-05-04"}, {"end_time", "2026-05-05"}}, t);
    CHECK_HTTP_ERROR(b, 422);
    CHECK(mentions(b, "start_time"));
    json zone = weekly_berlin();
    zone["timezone"] = "Mars/Olympus_Mons";
    const Reply z = post("/events/", zone, t);
    CHECK_HTTP_ERROR(z, 422);
    CHECK(mentions(z, "Mars/Olympus_Mons"));
    json hourly = weekly_berlin();
    hourly["rrule"] = "FREQ=DAILY;BYHOUR=9";
    const Reply h = post("/events/", hourly, t);
    CHECK_HTTP_ERROR(h, 422);
    CHECK(mentions(h, "BYHOUR"));
    json both = weekly_berlin();
    both["rrule"] = "FREQ=DAILY;COUNT=3;UNTIL=20260601T000000Z";
    const Reply c = post("/events/", both, t);
    CHECK_HTTP_ERROR(c, 422);
    CHECK((mentions(c, "COUNT") && mentions(c, "UNTIL")));
    CHECK_HTTP_ERROR(put(path(timed), {{"rrule", "FREQ=SECONDLY"}}, t), 422);
    CHECK_HTTP_ERROR(put(path(timed), {{"end_time", "2026-05-04"}}, t), 422);
    CHECK_HTTP_ERROR(post("/events/?conflicts=maybe", weekly_berlin(), t), 422);
    CHECK_HTTP_ERROR(put(path(timed) + "?conflicts=", {{"title", "y"}}, t), 422);
    CHECK(fingerprint() == before);
  }

  TEST_CASE_FIXTURE(CalendarFixture,
                    "?conflicts=reject answers 409 with the overlapped occurrences and writes "
                    "nothing; without it the same change succeeds") {
    const std::string t = user("alice");
    const auto series = create(weekly_berlin(), t);
    const json clash = {{"title", "Dentist"},
                        {"start_time", "2026-05-11T09:05:00+02:00"},
                        {"end_time", "2026-05-11T10:00:00+02:00"}};
    const std::string before = fingerprint();
    const Reply refused = post("/events/?conflicts=reject", clash, t);
    CHECK_HTTP_ERROR(refused, 409);
    REQUIRE(refused.body.at("conflicts").size() == 1);
    CHECK(refused.body["conflicts"][0].at("event_id") == series);
    CHECK(refused.body["conflicts"][0].at("start_time") == "2026-05-11T07:00:00Z");
    CHECK(refused.body["conflicts"][0].size() == 12);
    CHECK(fingerprint() == before);
    CHECK(post("/events/?conflicts=allow",
               {{"title", "Lunch"},
                {"start_time", "2026-05-11T12:00:00Z"},
                {"end_time", "2026-05-11T13:00:00Z"}},
               t)
              .status == 201);
    const Reply allowed = post("/events/", clash, t);
    REQUIRE(allowed.status == 201);
    const auto dentist = allowed.body.at("id").get<std::int64_t>();

    // Update: moving the dentist onto the next Monday's standup is refused, with If-Match too.
    const std::string before_update = fingerprint();
    const json move = {{"start_time", "2026-05-18T07:00:00Z"},
                       {"end_time", "2026-05-18T08:00:00Z"}};
    const Reply r = put(path(dentist) + "?conflicts=reject", move, t, {{"If-Match", "\"1\""}});
    CHECK_HTTP_ERROR(r, 409);
    CHECK(r.body.at("conflicts").size() == 1);
    CHECK(fingerprint() == before_update);
    CHECK(put(path(dentist), move, t).status == 200);
  }
}
