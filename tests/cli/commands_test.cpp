// SPDX-License-Identifier: MIT
// Every command of the real binary with --json: the output is exactly one docs/REST.md shape.
#include "events/fields.hpp"
#include "support/cli_fixture.hpp"

using namespace eventcollab::test;
using nlohmann::json;

TEST_SUITE("cli") {
  TEST_CASE_FIXTURE(CliFixture,
                    "init creates the database and migrate --status has nothing pending") {
    SQLITE_ONLY();
    const json init = cli_json({"init"});
    CHECK(init["current"] == init["latest"]);
    CHECK(init["pending"].empty());
    CHECK(std::filesystem::exists(dir / "test.db"));
    const json status = cli_json({"migrate", "--status"});
    CHECK(status == init);
    CHECK(cli_json({"migrate"}) == init);
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "migrate --status on a missing file lists every step and creates nothing") {
    const json status = cli_json({"migrate", "--status"});
    CHECK(status["current"] == 0);
    CHECK(status["pending"].size() == status["latest"].get<std::size_t>());
    CHECK_FALSE(std::filesystem::exists(dir / "test.db"));
  }

  TEST_CASE_FIXTURE(CliFixture, "user register prints the user and login --json the token pair") {
    const json alice =
        cli_json({"user", "register", "alice", "--email", "alice@example.com", "--password-stdin"},
                 "password-alice\n");
    CHECK(alice["id"] == 1);
    CHECK(alice["username"] == "alice");
    CHECK(alice["email"] == "alice@example.com");
    CHECK(alice["created_at"].get<std::string>().ends_with("Z"));
    CHECK(alice.size() == 4);

    const json tokens = cli_json({"login", "ALICE", "--password-stdin"}, "password-alice");
    CHECK(tokens["token_type"] == "bearer");
    CHECK(tokens["expires_in"] == 30 * 60);
    CHECK(tokens["access_token"].get<std::string>().size() > 20);
    CHECK(tokens["refresh_token"].get<std::string>().size() > 20);

    const json me = cli_json({"--token", tokens["access_token"].get<std::string>(), "whoami"});
    CHECK(me == alice);
  }

  TEST_CASE_FIXTURE(CliFixture, "refresh reads the refresh token from stdin and rotates it") {
    register_user("alice");
    const json first = cli_json({"login", "alice", "--password-stdin"}, password("alice"));
    const std::string refresh = first["refresh_token"];
    const json second = cli_json({"refresh"}, refresh + "\n");
    CHECK(second["refresh_token"] != first["refresh_token"]);
    CHECK(cli_json({"--token", second["access_token"].get<std::string>(), "whoami"})["username"] ==
          "alice");

    const ProcessResult quiet =
        run({"refresh", "--quiet"}, second["refresh_token"].get<std::string>());
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.out.find('\n') == quiet.out.size() - 1);  // just the access token

    // Presenting a rotated token again is refused.
    CHECK(run({"refresh"}, refresh).exit_code == 4);
  }

  TEST_CASE_FIXTURE(CliFixture, "logout ends the login so the token stops working") {
    const std::string token = user("alice");
    const ProcessResult out = run({"--json", "--token", token, "logout"});
    CHECK(out.exit_code == 0);
    CHECK(out.out.empty());  // REST answers 204: no document
    const ProcessResult again = run({"--token", token, "whoami"});
    CHECK(again.exit_code == 4);
  }

  TEST_CASE_FIXTURE(CliFixture, "event create, show, list and update print REST event objects") {
    const std::string token = user("alice");
    const json created =
        cli_json({"--token", token, "event", "create", "--title", "Standup", "--start",
                  "2026-05-01T09:00:00+02:00", "--end", "2026-05-01T09:15:00.750+02:00",
                  "--description", "daily", "--location", "Room 1"});
    CHECK(created["title"] == "Standup");
    CHECK(created["start_time"] == "2026-05-01T07:00:00Z");
    CHECK(created["end_time"] == "2026-05-01T07:15:00Z");
    CHECK(created["description"] == "daily");
    CHECK(created["location"] == "Room 1");
    CHECK(created["version"] == 1);
    CHECK(created["permission"] == "owner");
    CHECK(created.size() == 6 + eventcollab::events::kFieldCount);  // + the table's fields

    const std::string id = std::to_string(created["id"].get<int>());
    CHECK(cli_json({"--token", token, "event", "show", id}) == created);
    const json list = cli_json({"--token", token, "event", "list"});
    REQUIRE(list.is_array());
    REQUIRE(list.size() == 1);
    CHECK(list[0] == created);
    CHECK(cli_json({"--token", token, "event", "list", "--q", "nothing-like-this"}) ==
          json::array());
    CHECK(cli_json({"--token", token, "event", "list", "--from", "2026-05-02T00:00:00Z"}).empty());
    CHECK(cli_json({"--token", token, "event", "list", "--to", "2026-05-01T07:10:00Z", "--limit",
                    "1", "--skip", "0"})
              .size() == 1);

    const json updated = cli_json(
        {"--token", token, "event", "update", id, "--title", "Daily", "--if-version", "1"});
    CHECK(updated["title"] == "Daily");
    CHECK(updated["version"] == 2);
    CHECK(updated["description"] == "daily");
  }

  TEST_CASE_FIXTURE(CliFixture, "event update can leave, set or clear description and location") {
    const std::string token = user("alice");
    const std::string id = std::to_string(create_event(token)["id"].get<int>());
    json e = cli_json({"--token", token, "event", "update", id, "--description", "notes",
                       "--location", "Room 2"});
    CHECK(e["description"] == "notes");
    CHECK(e["location"] == "Room 2");
    e = cli_json({"--token", token, "event", "update", id, "--clear-location"});
    CHECK(e["description"] == "notes");
    CHECK(e["location"].is_null());
    e = cli_json({"--token", token, "event", "update", id, "--clear-description", "--end",
                  "2026-05-01T10:00:00Z"});
    CHECK(e["description"].is_null());
    CHECK(e["end_time"] == "2026-05-01T10:00:00Z");
    CHECK(e["version"] == 4);
    // Changing nothing writes no version.
    CHECK(cli_json({"--token", token, "event", "update", id})["version"] == 4);
    CHECK(run({"--token", token, "event", "update", id, "--location", "x", "--clear-location"})
              .exit_code == 108);  // CLI11 ExcludesError
  }

  TEST_CASE_FIXTURE(CliFixture, "event delete prints nothing with --json and the event is gone") {
    const std::string token = user("alice");
    const std::string id = std::to_string(create_event(token)["id"].get<int>());
    const ProcessResult del = run({"--json", "--token", token, "event", "delete", id});
    CHECK(del.exit_code == 0);
    CHECK(del.out.empty());
    CHECK(run({"--token", token, "event", "show", id}).exit_code == 6);
  }

  TEST_CASE_FIXTURE(CliFixture, "event batch creates every event from a file or stdin, in order") {
    const std::string token = user("alice");
    const std::string body = R"([
      {"title": "A", "start_time": "2026-05-01T09:00:00Z", "end_time": "2026-05-01T10:00:00Z"},
      {"title": "B", "start_time": "2026-05-02T09:00:00Z", "end_time": "2026-05-02T10:00:00Z",
       "location": "Hall"}])";
    { std::ofstream(dir / "batch.json") << body; }
    const json from_file = cli_json({"--token", token, "event", "batch", "batch.json"});
    REQUIRE(from_file.size() == 2);
    CHECK(from_file[0]["title"] == "A");
    CHECK(from_file[1]["location"] == "Hall");
    const json from_stdin = cli_json({"--token", token, "event", "batch", "-"}, body);
    CHECK(from_stdin.size() == 2);
    CHECK(cli_json({"--token", token, "event", "list"}).size() == 4);
  }

  TEST_CASE_FIXTURE(CliFixture, "share add, list, set and remove print REST share objects") {
    const std::string alice = user("alice");
    const json bob = register_user("bob");
    const std::string id = std::to_string(create_event(alice)["id"].get<int>());

    const json added =
        cli_json({"--token", alice, "share", "add", id, "bob", "--permission", "read"});
    CHECK(added ==
          json::object({{"user_id", bob["id"]}, {"username", "bob"}, {"permission", "read"}}));
    const json list = cli_json({"--token", alice, "share", "list", id});
    REQUIRE(list.size() == 2);
    CHECK(list[0]["permission"] == "owner");
    CHECK(list[0]["username"] == "alice");
    CHECK(list[1] == added);
    CHECK(cli_json({"--token", alice, "share", "set", id, "bob", "write"})["permission"] ==
          "write");
    const ProcessResult removed = run({"--json", "--token", alice, "share", "remove", id, "bob"});
    CHECK(removed.exit_code == 0);
    CHECK(removed.out.empty());
    CHECK(cli_json({"--token", alice, "share", "list", id}).size() == 1);
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "history list, show, diff, changelog and rollback print REST shapes") {
    const std::string alice = user("alice");
    const std::string id = std::to_string(create_event(alice)["id"].get<int>());
    cli_json({"--token", alice, "event", "update", id, "--title", "Daily", "--location", "Room"});

    const json versions = cli_json({"--token", alice, "history", "list", id});
    REQUIRE(versions.size() == 2);
    CHECK(versions[0]["change"] == "create");
    CHECK(versions[1]["change"] == "update");
    CHECK(versions[1]["updated_by_username"] == "alice");
    CHECK(versions[1].size() == 5 + eventcollab::events::kFieldCount);
    CHECK(cli_json({"--token", alice, "history", "show", id, "1"}) == versions[0]);

    const json diff = cli_json({"--token", alice, "history", "diff", id, "1", "2"});
    CHECK(diff["from"] == 1);
    CHECK(diff["to"] == 2);
    REQUIRE(diff["changes"].size() == 2);
    CHECK(diff["changes"][0] == json({{"field", "title"}, {"old", "Standup"}, {"new", "Daily"}}));
    CHECK(diff["changes"][1]["old"].is_null());

    const json changelog = cli_json({"--token", alice, "history", "changelog", id});
    REQUIRE(changelog.size() == 2);
    CHECK(changelog[1]["fields"] == json({"title", "location"}));

    const json rolled = cli_json({"--token", alice, "history", "rollback", id, "1"});
    CHECK(rolled["title"] == "Standup");
    CHECK(rolled["location"].is_null());
    CHECK(rolled["version"] == 3);
    CHECK(cli_json({"--token", alice, "history", "show", id, "3"})["change"] == "rollback");
  }

  TEST_CASE_FIXTURE(CliFixture, "check and version print JSON documents") {
    cli_json({"init"});
    const json report = cli_json({"check"});
    CHECK(report == json({{"ok", true}, {"problems", json::array()}}));
    const json version = cli_json({"version"});
    CHECK(version["version"] == eventcollab::library_version);
  }
}
