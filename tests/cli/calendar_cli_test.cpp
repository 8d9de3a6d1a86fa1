// SPDX-License-Identifier: MIT
// The calendar commands of the real binary: event create/update with the calendar options,
// occurrences (local times with the zone's abbreviation; --json the REST shape), occurrence
// set/cancel with the permission table, freebusy, conflicts and bad input.
#include "json/calendar_shapes.hpp"
#include "support/cli_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using Json = nlohmann::json;

namespace {

std::vector<std::string> weekly_berlin(const std::string& token, const std::string& title) {
  return {"--token",    token,
          "event",      "create",
          "--title",    title,
          "--start",    "2026-05-04T09:00:00+02:00",
          "--end",      "2026-05-04T09:15:00+02:00",
          "--timezone", "Europe/Berlin",
          "--rrule",    "FREQ=WEEKLY;BYDAY=MO"};
}

std::string id_of(const Json& event) { return std::to_string(event.at("id").get<EventId>()); }

}  // namespace

TEST_SUITE("cli calendar") {
  TEST_CASE_FIXTURE(CliWorld,
                    "occurrences show a Berlin series at 09:00 CEST in summer and 09:00 CET in "
                    "winter, and --json is the REST shape") {
    const std::string t = CliFixture::user("alice");
    cli_json(weekly_berlin(t, "Standup"));
    cli_json({"--token", t, "event", "create", "--title", "Holiday", "--all-day", "--start",
              "2026-05-06", "--end", "2026-05-08"});
    const ProcessResult summer =
        cli({"occurrences", "--from", "2026-05-04T00:00:00Z", "--to", "2026-05-09T00:00:00Z"}, t);
    INFO(summer.err);
    REQUIRE(summer.exit_code == 0);
    CHECK(summer.out.find("2026-05-04 09:00 CEST") != std::string::npos);
    CHECK(summer.out.find("2026-05-04 09:15 CEST") != std::string::npos);
    CHECK(summer.out.find("2026-05-06  ") != std::string::npos);  // a date, no time
    const ProcessResult winter =
        cli({"occurrences", "--from", "2026-12-07T00:00:00Z", "--to", "2026-12-08T00:00:00Z"}, t);
    REQUIRE(winter.exit_code == 0);
    CHECK(winter.out.find("2026-12-07 09:00 CET ") != std::string::npos);
    CHECK(winter.out.find("CEST") == std::string::npos);

    const Json printed = cli_json({"--token", t, "occurrences", "--from", "2026-05-04T00:00:00Z",
                                   "--to", "2026-05-09T00:00:00Z"});
    const Principal me = store.auth().authenticate(t);
    const auto occurrences =
        store.events().occurrences(me, {at("2026-05-04T00:00:00Z"), at("2026-05-09T00:00:00Z")});
    CHECK(printed == eventcollab::json::to_json(occurrences));
    REQUIRE(printed.size() == 2);
    CHECK(printed[0].at("start_time") == "2026-05-04T07:00:00Z");
    CHECK(printed[1].at("start_time") == "2026-05-06");
    CHECK(cli_json({"--token", t, "occurrences", "--from", "2026-05-04T00:00:00Z", "--to",
                    "2026-05-09T00:00:00Z", "--q", "holi", "--limit", "5"})
              .size() == 1);
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "event create and update take the calendar options in the event's form") {
    const std::string t = user("alice");
    const Json e = cli_json({"--token",
                             t,
                             "event",
                             "create",
                             "--title",
                             "Gym",
                             "--all-day",
                             "--start",
                             "2026-05-04",
                             "--end",
                             "2026-05-05",
                             "--rrule",
                             "FREQ=DAILY;COUNT=5",
                             "--exdate",
                             "2026-05-06",
                             "--rdate",
                             "2026-05-20",
                             "--uid",
                             "gym@example.com",
                             "--timezone",
                             "Europe/Berlin"});
    CHECK(e.at("all_day") == true);
    CHECK(e.at("start_time") == "2026-05-04");
    CHECK(e.at("exdates") == Json::array({"2026-05-06"}));
    CHECK(e.at("rdates") == Json::array({"2026-05-20"}));
    CHECK(e.at("uid") == "gym@example.com");
    const std::string id = id_of(e);
    // The event is all-day, so update reads dates.
    const Json u = cli_json({"--token", t, "event", "update", id, "--exdate", "2026-05-07",
                             "--exdate", "2026-05-05", "--end", "2026-05-06"});
    CHECK(u.at("exdates") == Json::array({"2026-05-05", "2026-05-07"}));
    CHECK(u.at("end_time") == "2026-05-06");
    CHECK(cli_json({"--token", t, "event", "update", id, "--clear-exdates", "--clear-rrule"})
              .at("exdates") == Json::array());
    // Back to timed: the times in the new form.
    const Json timed = cli_json({"--token", t, "event", "update", id, "--all-day=false", "--start",
                                 "2026-05-04T09:00:00+02:00", "--end", "2026-05-04T10:00:00+02:00",
                                 "--clear-rdates"});
    CHECK(timed.at("all_day") == false);
    CHECK(timed.at("start_time") == "2026-05-04T07:00:00Z");

    // Wrong forms, unknown zone, bad rules: exit 3 naming the problem, nothing written.
    const std::string before = db_bytes();
    auto fails = [&](std::vector<std::string> args, const std::string& named) {
      args.insert(args.begin(), {"--token", t});
      const ProcessResult r = run(args);
      CHECK_MESSAGE(r.exit_code == 3, r.err);
      CHECK_MESSAGE(r.err.find(named) != std::string::npos, r.err);
    };
    fails({"event", "update", id, "--start", "2026-05-04"}, "--start");
    fails({"event", "create", "--title", "x", "--all-day", "--start", "2026-05-04T00:00:00Z",
           "--end", "2026-05-05"},
          "--start");
    fails({"event", "create", "--title", "x", "--start", "2026-05-04", "--end",
           "2026-05-05T00:00:00Z"},
          "--start");
    auto with = [&](std::vector<std::string> extra) {
      std::vector<std::string> args = {"event",   "create",
                                       "--title", "x",
                                       "--start", "2026-05-04T09:00:00+02:00",
                                       "--end",   "2026-05-04T09:15:00+02:00"};
      args.insert(args.end(), extra.begin(), extra.end());
      return args;
    };
    fails(with({"--timezone", "Mars/Base"}), "Mars/Base");
    fails(with({"--rrule", "FREQ=DAILY;BYHOUR=9"}), "BYHOUR");
    fails(with({"--rrule", "FREQ=DAILY;COUNT=2;UNTIL=20260601T000000Z"}), "UNTIL");
    fails(with({"--conflicts", "maybe"}), "--conflicts");
    CHECK(db_bytes() == before);
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "--timed turns an all-day event back into a timed one, and is a usage error "
                    "together with --all-day") {
    const std::string t = user("alice");
    const std::string id =
        id_of(cli_json({"--token", t, "event", "create", "--title", "Offsite", "--all-day",
                        "--start", "2026-05-04", "--end", "2026-05-05"}));
    const std::string before = db_bytes();
    for (const char* all_day : {"--all-day", "--all-day=false", "--all-day=true"}) {
      CAPTURE(all_day);
      const ProcessResult both =
          cli({"event", "update", id, "--timed", all_day, "--start", "2026-05-04T09:00:00+02:00",
               "--end", "2026-05-04T17:00:00+02:00"},
              t);
      CHECK(both.exit_code == 108);  // CLI11 ExcludesError, as other exclusive options
      CHECK_MESSAGE(both.err.find("--timed") != std::string::npos, both.err);
      CHECK(cli({"event", "create", "--title", "x", all_day, "--timed", "--start", "2026-05-04",
                 "--end", "2026-05-05"},
                t)
                .exit_code == 108);
    }
    CHECK(db_bytes() == before);

    const ProcessResult timed =
        cli({"event", "update", id, "--timed", "--start", "2026-05-04T09:00:00+02:00", "--end",
             "2026-05-04T17:00:00+02:00"},
            t);
    INFO(timed.err);
    REQUIRE(timed.exit_code == 0);
    const Json shown = cli_json({"--token", t, "event", "show", id});
    CHECK(shown.at("all_day") == false);
    CHECK(shown.at("start_time") == "2026-05-04T07:00:00Z");
    CHECK(shown.at("end_time") == "2026-05-04T15:00:00Z");
    // On create it is the default said aloud; times, not dates.
    const Json created =
        cli_json({"--token", t, "event", "create", "--title", "Call", "--timed", "--start",
                  "2026-05-05T09:00:00Z", "--end", "2026-05-05T09:30:00Z"});
    CHECK(created.at("all_day") == false);
    CHECK(cli({"event", "create", "--title", "x", "--timed", "--start", "2026-05-04", "--end",
               "2026-05-05"},
              t)
              .exit_code == 3);
    for (const char* sub : {"create", "update"}) {
      const ProcessResult help = run({"event", sub, "--help"});
      CHECK(help.out.find("--timed") != std::string::npos);
    }
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "occurrence cancel needs the recurrence id in the series' form, checked "
                    "after access") {
    const std::string alice = user("alice");
    const std::string rita = user("rita");
    const std::string sam = user("sam");
    const std::string days = id_of(
        cli_json({"--token", alice, "event", "create", "--title", "Gym", "--all-day", "--start",
                  "2026-05-04", "--end", "2026-05-05", "--rrule", "FREQ=DAILY;COUNT=5"}));
    // A timed series at midnight UTC: a date names the instant of one of its occurrences.
    const std::string midnight =
        id_of(cli_json({"--token", alice, "event", "create", "--title", "Backup", "--start",
                        "2026-05-04T00:00:00Z", "--end", "2026-05-04T00:30:00Z", "--rrule",
                        "FREQ=DAILY;COUNT=5"}));
    cli_json({"--token", alice, "share", "add", days, "rita", "--permission", "read"});
    const std::string before = db_bytes();
    const ProcessResult wrong = cli({"occurrence", "cancel", days, "2026-05-05T00:00:00Z"}, alice);
    CHECK_MESSAGE(wrong.exit_code == 6, wrong.err);
    CHECK(wrong.err.find("no such occurrence") != std::string::npos);
    CHECK(cli({"occurrence", "cancel", midnight, "2026-05-05"}, alice).exit_code == 6);
    CHECK(cli({"occurrence", "cancel", days, "2026-05-05T00:00:00Z"}, rita).exit_code == 5);
    CHECK(cli({"occurrence", "cancel", days, "2026-05-05T00:00:00Z"}, sam).exit_code == 6);
    CHECK(db_bytes() == before);
    CHECK(cli({"occurrence", "cancel", days, "2026-05-05"}, alice).exit_code == 0);
    CHECK(cli({"occurrence", "cancel", midnight, "2026-05-05T00:00:00Z"}, alice).exit_code == 0);
    CHECK(cli_json({"--token", alice, "event", "show", days}).at("exdates") ==
          Json::array({"2026-05-05"}));
    CHECK(cli_json({"--token", alice, "event", "show", midnight}).at("exdates") ==
          Json::array({"2026-05-05T00:00:00Z"}));
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "occurrence set and cancel keep the permission table and If-Version") {
    const std::string alice = user("alice");
    const std::string rita = user("rita");
    const std::string sam = user("sam");
    const std::string id = id_of(cli_json(weekly_berlin(alice, "Standup")));
    cli_json({"--token", alice, "share", "add", id, "rita", "--permission", "read"});
    const std::string rid = "2026-05-11T07:00:00Z";

    const std::string before = db_bytes();
    CHECK(cli({"occurrence", "set", id, rid, "--title", "x"}, sam).exit_code == 6);
    CHECK(cli({"occurrence", "set", id, rid, "--start", "bad"}, sam).exit_code == 6);
    CHECK(cli({"occurrence", "cancel", id, rid}, sam).exit_code == 6);
    CHECK(cli({"occurrence", "set", id, rid, "--title", "x"}, rita).exit_code == 5);
    CHECK(cli({"occurrence", "cancel", id, rid}, rita).exit_code == 5);
    CHECK(cli({"occurrence", "set", id, "2026-05-12T07:00:00Z", "--title", "x"}, alice).exit_code ==
          6);
    CHECK(cli({"occurrence", "set", id, "garbage", "--title", "x"}, alice).exit_code == 6);
    CHECK(cli({"occurrence", "set", id, rid, "--end", "2026-05-11"}, alice).exit_code == 3);
    CHECK(
        cli({"occurrence", "set", id, rid, "--title", "x", "--if-version", "7"}, alice).exit_code ==
        7);
    CHECK(db_bytes() == before);

    const Json moved =
        cli_json({"--token", alice, "occurrence", "set", id, rid, "--title", "Moved", "--start",
                  "2026-05-11T11:00:00+02:00", "--end", "2026-05-11T11:30:00+02:00", "--location",
                  "Room 2", "--if-version", "1"});
    CHECK(moved.at("overridden") == true);
    CHECK(moved.at("start_time") == "2026-05-11T09:00:00Z");
    CHECK(moved.at("version") == 2);
    const ProcessResult human = cli({"occurrence", "set", id, rid, "--clear-location"}, alice);
    CHECK(human.out.find("2026-05-11 11:00 CEST") != std::string::npos);
    CHECK(cli({"occurrence", "cancel", id, "2026-05-18T07:00:00Z", "--if-version", "3"}, alice)
              .exit_code == 0);
    CHECK(cli_json({"--token", alice, "event", "show", id}).at("exdates") ==
          Json::array({"2026-05-18T07:00:00Z"}));
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "freebusy shows times in TZ or --timezone with the zone's abbreviation, and "
                    "--json in UTC") {
    const std::string alice = user("alice");
    cli_json(weekly_berlin(alice, "Standup"));  // 07:00-07:15Z on Mondays in summer
    const std::vector<std::string> busy_week = {"freebusy", "--from", "2026-05-04T00:00:00Z",
                                                "--to", "2026-05-09T00:00:00Z"};
    auto with = [&](std::vector<std::string> extra) {
      std::vector<std::string> args = busy_week;
      args.insert(args.end(), extra.begin(), extra.end());
      return args;
    };
    auto prints = [&](const std::vector<std::string>& args, const std::string& text) {
      const ProcessResult r = cli(args, alice);
      CHECK_MESSAGE(r.exit_code == 0, r.err);
      CHECK_MESSAGE(r.out.find(text) != std::string::npos, r.out);
      return r;
    };

    env["TZ"] = "Europe/Berlin";
    const ProcessResult berlin =
        prints(busy_week, "busy 2026-05-04 09:00 CEST - 2026-05-04 09:15 CEST");
    CHECK(berlin.out.find("UTC") == std::string::npos);
    prints({"freebusy", "--from", "2026-05-10T00:00:00Z", "--to", "2026-05-11T00:00:00Z"},
           "free from 2026-05-10 02:00 CEST to 2026-05-11 02:00 CEST");
    // --timezone wins over TZ; a summer date in New York is EDT.
    prints(with({"--timezone", "America/New_York"}),
           "busy 2026-05-04 03:00 EDT - 2026-05-04 03:15 EDT");
    // --json stays the REST shape, in UTC.
    const Json json = cli_json({"--token", alice, "freebusy", "--from", "2026-05-04T00:00:00Z",
                                "--to", "2026-05-09T00:00:00Z", "--timezone", "Asia/Kathmandu"});
    CHECK(json["users"][0].at("busy") ==
          Json::array({{{"start", "2026-05-04T07:00:00Z"}, {"end", "2026-05-04T07:15:00Z"}}}));
    // POSIX's ":zone" form of TZ.
    env["TZ"] = ":Asia/Kathmandu";
    prints(busy_week, "busy 2026-05-04 12:45 +0545 - 2026-05-04 13:00 +0545");

    // An unknown --timezone is bad input naming the option; an unusable TZ falls back to the
    // system's zone.
    const ProcessResult unknown = cli(with({"--timezone", "Mars/Base"}), alice);
    CHECK(unknown.exit_code == 3);
    CHECK_MESSAGE(unknown.err.find("--timezone") != std::string::npos, unknown.err);
    CHECK(unknown.err.find("Mars/Base") != std::string::npos);
    CHECK(unknown.out.empty());
    CHECK(cli(with({"--timezone", "../../etc/passwd"}), alice).exit_code == 3);
    env["TZ"] = "Mars/Base";
    const ProcessResult fallback = cli(busy_week, alice);
    CHECK_MESSAGE(fallback.exit_code == 0, fallback.err);
    CHECK(fallback.out.find("Mars") == std::string::npos);
    CHECK(fallback.out.find("busy 2026-05-04 ") != std::string::npos);
    env.erase("TZ");
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "freebusy shows times only, conflicts pairs overlaps, --conflicts reject "
                    "refuses and writes nothing") {
    const std::string alice = user("alice");
    const std::string sam = user("sam");
    cli_json(weekly_berlin(alice, "Secret standup"));
    const std::vector<std::string> clash = {"--token", alice,
                                            "event",   "create",
                                            "--title", "Secret dentist",
                                            "--start", "2026-05-11T07:10:00Z",
                                            "--end",   "2026-05-11T08:00:00Z"};
    const std::string before = db_bytes();
    auto rejected = clash;
    rejected.insert(rejected.end(), {"--conflicts", "reject"});
    const ProcessResult r = run(rejected);
    CHECK(r.exit_code == 7);
    CHECK(r.err.find("Secret standup") != std::string::npos);
    CHECK(db_bytes() == before);
    cli_json(clash);

    const std::vector<std::string> window = {"--from", "2026-05-04T00:00:00Z", "--to",
                                             "2026-05-16T00:00:00Z"};
    auto args = [&](std::vector<std::string> head) {
      head.insert(head.end(), window.begin(), window.end());
      return head;
    };
    const Json busy = cli_json(args({"--token", sam, "freebusy", "alice", "sam"}));
    CHECK(busy.at("users").size() == 2);
    CHECK(busy["users"][0].at("busy") ==
          Json::array({{{"start", "2026-05-04T07:00:00Z"}, {"end", "2026-05-04T07:15:00Z"}},
                       {{"start", "2026-05-11T07:00:00Z"}, {"end", "2026-05-11T08:00:00Z"}}}));
    CHECK(busy.dump().find("Secret") == std::string::npos);
    const ProcessResult human = cli(args({"freebusy", "alice", "--timezone", "UTC"}), sam);
    CHECK(human.exit_code == 0);
    CHECK(human.out.find("Secret") == std::string::npos);
    CHECK(human.out.find("2026-05-11 07:00 UTC") != std::string::npos);
    CHECK(cli(args({"freebusy", "nobody"}), sam).exit_code == 6);

    const Json pairs = cli_json(args({"--token", alice, "conflicts"}));
    REQUIRE(pairs.size() == 1);
    CHECK(pairs[0].at("a").at("title") == "Secret standup");
    CHECK(pairs[0].at("b").at("title") == "Secret dentist");
    CHECK(cli_json(args({"--token", sam, "conflicts"})) == Json::array());
    CHECK(cli_json(args({"--token", sam, "occurrences"})) == Json::array());
    CHECK(
        cli({"conflicts", "--from", "2026-01-01T00:00:00Z", "--to", "2027-01-03T00:00:00Z"}, alice)
            .exit_code == 3);
    CHECK(cli({"occurrences", "--from", "2026-05-04T00:00:00Z"}, alice).exit_code != 0);
    CHECK(cli(args({"occurrences", "--limit", "0"}), alice).exit_code == 3);
  }
}
