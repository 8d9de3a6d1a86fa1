// SPDX-License-Identifier: MIT
#include "support/http_fixture.hpp"

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

struct Team : HttpFixture {
  std::string alice = user("alice");
  std::string bob = user("bob");
  std::string carol = user("carol");
  std::int64_t bob_id = user_id(bob);
  std::int64_t carol_id = user_id(carol);
};

}  // namespace

TEST_SUITE("http sharing") {
  TEST_CASE_FIXTURE(Team,
                    "sharing answers 201, sharing again 200, and the list puts the owner first") {
    const auto id = event(alice);
    Reply r = post(path(id, "/share"), {{"username", "bob"}, {"permission", "read"}}, alice);
    CHECK(r.status == 201);
    CHECK(r.body == json{{"user_id", bob_id}, {"username", "bob"}, {"permission", "read"}});
    r = post(path(id, "/share"), {{"user_id", bob_id}, {"permission", "write"}}, alice);
    CHECK(r.status == 200);
    CHECK(r.body.at("permission") == "write");
    CHECK(post(path(id, "/share"), {{"username", "Carol"}, {"permission", "read"}}, alice).status ==
          201);
    Reply list = get(path(id, "/permissions"), bob);
    REQUIRE(list.status == 200);
    REQUIRE(list.body.size() == 3);
    CHECK(list.body[0].at("username") == "alice");
    CHECK(list.body[0].at("permission") == "owner");
    CHECK(list.body[1].at("username") == "bob");
    CHECK(list.body[2].at("username") == "carol");
    CHECK(get(path(id), bob).body.at("permission") == "write");
  }

  TEST_CASE_FIXTURE(Team, "sharing refuses unknown users, the owner and bad permissions") {
    const auto id = event(alice);
    CHECK_HTTP_ERROR(
        post(path(id, "/share"), {{"username", "nobody"}, {"permission", "read"}}, alice), 404);
    CHECK_HTTP_ERROR(post(path(id, "/share"), {{"user_id", 999}, {"permission", "read"}}, alice),
                     404);
    CHECK_HTTP_ERROR(
        post(path(id, "/share"), {{"username", "alice"}, {"permission", "read"}}, alice), 422);
    CHECK_HTTP_ERROR(
        post(path(id, "/share"),
             {{"username", "bob"}, {"user_id", carol_id}, {"permission", "read"}}, alice),
        422);
    CHECK_HTTP_ERROR(
        post(path(id, "/share"), {{"username", "bob"}, {"permission", "owner"}}, alice), 422);
    CHECK_HTTP_ERROR(post(path(id, "/share"), {{"username", "bob"}}, alice), 422);
    CHECK_HTTP_ERROR(post(path(id, "/share"), {{"permission", "read"}}, alice), 422);
    CHECK(get(path(id, "/permissions"), alice).body.size() == 1);
  }

  TEST_CASE_FIXTURE(Team, "a share is changed with PUT and removed with DELETE") {
    const auto id = event(alice);
    const auto alice_id = user_id(alice);
    post(path(id, "/share"), {{"username", "bob"}, {"permission", "read"}}, alice);
    const std::string bob_row = path(id, "/permissions/" + std::to_string(bob_id));
    Reply r = put(bob_row, {{"permission", "write"}}, alice);
    CHECK(r.status == 200);
    CHECK(r.body == json{{"user_id", bob_id}, {"username", "bob"}, {"permission", "write"}});
    CHECK_HTTP_ERROR(put(bob_row, {{"permission", "admin"}}, alice), 422);
    CHECK_HTTP_ERROR(put(bob_row, {{"level", "read"}}, alice), 422);
    CHECK_HTTP_ERROR(
        put(path(id, "/permissions/" + std::to_string(carol_id)), {{"permission", "read"}}, alice),
        404);
    const std::string owner_row = path(id, "/permissions/" + std::to_string(alice_id));
    CHECK_HTTP_ERROR(put(owner_row, {{"permission", "read"}}, alice), 422);
    CHECK_HTTP_ERROR(del(owner_row, alice), 422);
    Reply gone = del(bob_row, alice);
    CHECK(gone.status == 204);
    CHECK(gone.raw.empty());
    CHECK_HTTP_ERROR(get(path(id), bob), 404);
    CHECK_HTTP_ERROR(del(bob_row, alice), 404);
  }

  // The permission table of the library, through HTTP: a stranger learns nothing (404), a
  // reader may read but not write (403), a writer may edit and roll back but not delete or
  // share, the owner may do everything.
  TEST_CASE_FIXTURE(Team, "the permission table holds through HTTP") {
    const auto id = event(alice);
    put(path(id), {{"title", "Standup v2"}}, alice);
    post(path(id, "/share"), {{"username", "bob"}, {"permission", "read"}}, alice);
    const std::string dave = user("dave");
    post(path(id, "/share"), {{"username", "dave"}, {"permission", "write"}}, alice);
    const std::string bob_row = path(id, "/permissions/" + std::to_string(bob_id));

    struct Call {
      const char* name;
      std::function<Reply(const std::string&)> run;
      int stranger, reader, writer;
    };
    const std::vector<Call> calls = {
        {"get", [&](auto& t) { return get(path(id), t); }, 404, 200, 200},
        {"versions", [&](auto& t) { return get(path(id, "/versions"), t); }, 404, 200, 200},
        {"version", [&](auto& t) { return get(path(id, "/versions/1"), t); }, 404, 200, 200},
        {"diff", [&](auto& t) { return get(path(id, "/diff/1/2"), t); }, 404, 200, 200},
        {"changelog", [&](auto& t) { return get(path(id, "/changelog"), t); }, 404, 200, 200},
        {"permissions", [&](auto& t) { return get(path(id, "/permissions"), t); }, 404, 200, 200},
        {"update",
         [&](auto& t) {
           return put(path(id), {{"location", "x"}}, t);
         },
         404, 403, 200},
        {"update, invalid body",
         [&](auto& t) {
           return put(path(id), {{"colour", "x"}}, t);
         },
         404, 403, 422},
        {"update, invalid value",
         [&](auto& t) {
           return put(path(id), {{"title", ""}}, t);
         },
         404, 403, 422},
        {"update, bad If-Match",
         [&](auto& t) {
           return put(path(id), {{"title", "y"}}, t, {{"If-Match", "nope"}});
         },
         404, 403, 422},
        {"update, broken JSON",
         [&](auto& t) { return send("PUT", path(id), t, {}, {}, std::string("{")); }, 400, 400,
         400},
        {"rollback", [&](auto& t) { return send("POST", path(id, "/rollback/1"), t); }, 404, 403,
         200},
        {"share",
         [&](auto& t) {
           return post(path(id, "/share"), {{"username", "carol"}, {"permission", "read"}}, t);
         },
         404, 403, 403},
        {"share, invalid body",
         [&](auto& t) {
           return post(path(id, "/share"), {{"permission", "owner"}}, t);
         },
         404, 403, 403},
        {"set permission",
         [&](auto& t) {
           return put(bob_row, {{"permission", "write"}}, t);
         },
         404, 403, 403},
        {"set permission, invalid body",
         [&](auto& t) {
           return put(bob_row, {{"permission", 1}}, t);
         },
         404, 403, 403},
        {"revoke", [&](auto& t) { return del(bob_row, t); }, 404, 403, 403},
        {"delete", [&](auto& t) { return del(path(id), t); }, 404, 403, 403},
    };
    for (const auto& c : calls) {
      CAPTURE(c.name);
      CHECK_HTTP_ERROR(c.run(carol), c.stranger);
      const Reply as_reader = c.run(bob);
      CHECK_MESSAGE(as_reader.status == c.reader, as_reader.raw);
      const Reply as_writer = c.run(dave);
      CHECK_MESSAGE(as_writer.status == c.writer, as_writer.raw);
    }
    // Nothing the stranger or the reader tried changed the event or its shares.
    CHECK(get(path(id, "/permissions"), alice).body.size() == 3);
    CHECK(get(path(id), alice).status == 200);
    CHECK(del(path(id), alice).status == 204);
  }
}
