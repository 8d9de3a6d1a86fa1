// SPDX-License-Identifier: MIT
// The CLI under hostile input and against someone else's event: every refusal is a clear
// error on stderr with the documented exit code, and the database is unchanged (checksum of
// a dump).
#ifdef EVENTCOLLAB_CLI_PATH

#include <algorithm>
#include <cctype>

#include "support/cli_fixture.hpp"
#include "support/db_dump.hpp"

using namespace eventcollab;
using namespace eventcollab::test;

namespace {

// Exit codes of the CLI (DESIGN/STYLE table); CLI11 keeps 100-127 for usage errors.
constexpr int kBadInput = 2, kInvalid = 3, kUnauthenticated = 4, kForbidden = 5, kNotFound = 6;
constexpr int kUsage = 100;  // any of CLI11's 100-127

struct CliCase {
  const char* name;
  std::vector<std::string> args;  // "$E": the event id
  int exit_code;                  // kUsage: any usage error
  std::string mention{};          // a word stderr must contain (case-insensitive)
  std::string input{};            // stdin
  int alt_exit = -1;
  const char* known_bug = nullptr;  // reported; a warning until fixed
};

std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool exit_matches(int got, int expected) {
  return expected == kUsage ? got >= 100 && got <= 127 : got == expected;
}

std::string batch_of(const std::string& title_json) {
  return R"([{"title":)" + title_json +
         R"(,"start_time":"2026-05-01T09:00:00Z","end_time":"2026-05-01T10:00:00Z"}])";
}

std::vector<CliCase> cli_cases() {
  const std::string kb100(100 * 1024, 'x');
  const std::string mb3(3 * 1024 * 1024, 'x');
  const char* t0 = "2026-05-01T09:00:00Z";
  const char* t1 = "2026-05-01T10:00:00Z";
  using V = std::vector<std::string>;
  return {
      // Oversized fields (argv holds at most 128 KiB per argument; MBs go through stdin).
      {"a 100 KB title", V{"event", "create", "--title", kb100, "--start", t0, "--end", t1},
       kInvalid, "title"},
      {"a 3 MB batch title on stdin", V{"event", "batch", "-"}, kInvalid, "title",
       batch_of("\"" + mb3 + "\"")},
      {"a 3 MB password on stdin", V{"user", "register", "mallory", "--password-stdin"}, kInvalid,
       "password", mb3},
      {"a 100 KB location", V{"event", "update", "$E", "--location", kb100}, kInvalid, "location"},
      // NUL bytes (only stdin can carry them) and invalid UTF-8.
      {"a NUL in a batch title", V{"event", "batch", "-"}, kInvalid, "title",
       batch_of(R"("a\u0000b")")},
      {"invalid UTF-8 in a title",
       V{"event", "create", "--title", "\xff\xfe", "--start", t0, "--end", t1}, kInvalid, "utf-8"},
      {"invalid UTF-8 in a batch", V{"event", "batch", "-"}, kBadInput, "json",
       batch_of("\"\xc0\xaf\"")},
      // SQL metacharacters.
      {"SQL as an event id", V{"event", "show", "1; DROP TABLE events"}, kInvalid, "id"},
      {"SQL as a username", V{"share", "add", "$E", "bob' OR '1'='1", "-p", "read"}, kNotFound,
       "user"},
      {"SQL as a permission", V{"share", "add", "$E", "bob", "-p", "read' --"}, kInvalid,
       "permission"},
      {"SQL in a search", V{"event", "list", "--q", "%' OR 1=1 --"}, 0},
      // Negative and overflowing ids.
      {"event id 0", V{"event", "show", "0"}, kInvalid, "id"},
      {"a negative event id", V{"event", "delete", "--", "-1"}, kInvalid, "id"},
      // CLI11 2.1 would clamp this to 9223372036854775807 and act on that event.
      {"an event id past int64", V{"event", "show", "9223372036854775808"}, kInvalid, "id"},
      {"a negative version", V{"history", "show", "$E", "--", "-3"}, kInvalid, "n must"},
      {"a rollback to version 0", V{"history", "rollback", "$E", "0"}, kNotFound},
      {"a huge diff version", V{"history", "diff", "$E", "1", "9223372036854775807"}, kNotFound},
      // Times.
      {"year 0",
       V{"event", "create", "--title", "t", "--start", "0000-01-01T00:00:00Z", "--end", t1},
       kInvalid, "year"},
      {"year 10000",
       V{"event", "create", "--title", "t", "--start", t0, "--end", "10000-01-01T00:00:00Z"},
       kInvalid},
      {"past 9999 in UTC", V{"event", "update", "$E", "--end", "9999-12-31T23:59:59-01:00"},
       kInvalid, "9999"},
      {"no offset", V{"event", "update", "$E", "--start", "2026-05-01T09:00:00"}, kInvalid,
       "offset"},
      {"end before start", V{"event", "update", "$E", "--end", "2000-01-01T00:00:00Z"}, kInvalid,
       "end"},
      // Limits.
      {"limit 10^12", V{"event", "list", "--limit", "1000000000000"}, kInvalid, "limit"},
      {"limit past int64", V{"event", "list", "--limit", "99999999999999999999"}, kInvalid,
       "limit"},
      {"a negative skip", V{"event", "list", "--skip=-1"}, kInvalid, "skip"},
      // JSON on stdin: deep, huge, missing and duplicated keys, wrong types.
      {"200000 nested arrays", V{"event", "batch", "-"}, kBadInput, "nested",
       std::string(200'000, '[') + std::string(200'000, ']')},
      {"1001 events in a batch", V{"event", "batch", "-"}, kInvalid, "1000",
       [] {
         std::string s = "[";
         for (int i = 0; i < 1001; ++i)
           s +=
               std::string(i ? "," : "") +
               R"({"title":"b","start_time":"2026-05-01T09:00:00Z","end_time":"2026-05-01T10:00:00Z"})";
         return s + "]";
       }()},
      {"a missing end_time", V{"event", "batch", "-"}, kInvalid, "end_time",
       R"([{"title":"t","start_time":"2026-05-01T09:00:00Z"}])"},
      {"a duplicated key", V{"event", "batch", "-"}, kBadInput, "duplicate key 'title'",
       R"([{"title":"a","title":"b","start_time":"2026-05-01T09:00:00Z","end_time":"2026-05-01T10:00:00Z"}])"},
      {"a title as a number", V{"event", "batch", "-"}, kInvalid, "title", batch_of("5")},
      {"an unknown field", V{"event", "batch", "-"}, kInvalid, "titel",
       R"([{"titel":"t","start_time":"2026-05-01T09:00:00Z","end_time":"2026-05-01T10:00:00Z"}])"},
      {"3 MB of JSON string with a bad byte at its end", V{"event", "batch", "-"}, kBadInput,
       "byte 3145731", "[\"" + mb3 + "\xff\"]"},
      {"truncated JSON", V{"event", "batch", "-"}, kBadInput, "json", R"([{"title":)"},
      {"an empty stdin", V{"event", "batch", "-"}, kBadInput},
      // Tokens.
      {"a forged token", V{"--token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "event", "list"},
       kUnauthenticated},
  };
}

}  // namespace

TEST_SUITE("reliability.cli") {
  TEST_CASE("hostile CLI input gets a clear error and leaves the database unchanged") {
    CliWorld w;
    const std::string alice = w.user("alice");
    w.user("bob");
    const Principal a = w.store.auth().authenticate(alice);
    const Event e = w.store.events().create(a, {.title = "Standup",
                                                .start = at("2026-05-01T09:00:00Z"),
                                                .end = at("2026-05-01T10:00:00Z")});
    const std::string before = database_checksum(w.db);
    std::string expected_checksum = before;
    for (auto c : cli_cases()) {
      const std::string name = c.name;
      CAPTURE(name);
      for (auto& arg : c.args) {
        if (arg == "$E") arg = std::to_string(e.id);
      }
      const ProcessResult r = w.cli(c.args, alice, c.input);
      CAPTURE(r.err.substr(0, 300));
      const std::string after = database_checksum(w.db);
      const bool exit_ok = exit_matches(r.exit_code, c.exit_code) ||
                           (c.alt_exit >= 0 && exit_matches(r.exit_code, c.alt_exit));
      if (c.known_bug != nullptr) {
        WARN_MESSAGE((exit_ok && after == expected_checksum && r.err.size() < 2000),
                     "known bug: " << std::string(c.known_bug) << " (exit " << r.exit_code << ")");
        expected_checksum = after;
        continue;
      }
      CHECK_MESSAGE(exit_ok, "exit " << r.exit_code);
      CHECK(r.signal == 0);
      if (c.exit_code != 0) {
        CHECK(r.err.rfind("error", 0) == 0);
        CHECK(r.err.size() < 2000);  // never echoes a hostile value back in full
        if (!c.mention.empty()) CHECK(lower(r.err).find(c.mention) != std::string::npos);
      }
      CHECK_MESSAGE(after == expected_checksum, "the database changed");
      expected_checksum = after;
    }
    CHECK(w.store.check().ok());
  }

  TEST_CASE("every CLI command on someone else's event follows the permission table") {
    CliWorld w;
    const std::string alice = w.user("alice");
    const std::string tokens[] = {w.user("dave"), w.user("carol"), w.user("bob")};
    const char* roles[] = {"stranger", "reader", "writer"};
    w.user("erin");
    const Principal a = w.store.auth().authenticate(alice);
    struct Command {
      std::vector<std::string> args;  // "$E": the event id
      int stranger, reader, writer;
    };
    using V = std::vector<std::string>;
    const Command commands[] = {
        {V{"event", "show", "$E"}, kNotFound, 0, 0},
        {V{"event", "update", "$E", "--title", "changed"}, kNotFound, kForbidden, 0},
        {V{"event", "update", "$E", "--title", ""}, kNotFound, kForbidden, kInvalid},
        {V{"event", "delete", "$E"}, kNotFound, kForbidden, kForbidden},
        {V{"share", "add", "$E", "erin", "-p", "write"}, kNotFound, kForbidden, kForbidden},
        {V{"share", "list", "$E"}, kNotFound, 0, 0},
        {V{"share", "set", "$E", "carol", "write"}, kNotFound, kForbidden, kForbidden},
        {V{"share", "remove", "$E", "carol"}, kNotFound, kForbidden, kForbidden},
        {V{"history", "list", "$E"}, kNotFound, 0, 0},
        {V{"history", "show", "$E", "1"}, kNotFound, 0, 0},
        {V{"history", "diff", "$E", "1", "2"}, kNotFound, 0, 0},
        {V{"history", "changelog", "$E"}, kNotFound, 0, 0},
        {V{"history", "rollback", "$E", "1"}, kNotFound, kForbidden, 0},
    };
    for (int role = 0; role < 3; ++role) {
      CAPTURE(std::string(roles[role]));
      const Event e = w.store.events().create(a, {.title = "Secret plan",
                                                  .start = at("2026-05-01T09:00:00Z"),
                                                  .end = at("2026-05-01T10:00:00Z")});
      w.store.events().update(a, e.id, {.description = "the details"}, 1);
      w.store.sharing().share(a, e.id, {.username = "bob"}, Permission::write);
      w.store.sharing().share(a, e.id, {.username = "carol"}, Permission::read);
      for (const auto& command : commands) {
        auto args = command.args;
        for (auto& arg : args) {
          if (arg == "$E") arg = std::to_string(e.id);
        }
        std::string line;
        for (const auto& arg : args) line += arg + " ";
        CAPTURE(line);
        const int expected = role == 0   ? command.stranger
                             : role == 1 ? command.reader
                                         : command.writer;
        const std::string before = database_checksum(w.db);
        const ProcessResult r = w.cli(args, tokens[role]);
        CHECK_MESSAGE(r.exit_code == expected, r.err);
        if (r.exit_code != 0) {
          CHECK(database_checksum(w.db) == before);
          CHECK(r.out.find("Secret plan") == std::string::npos);
          CHECK(r.err.find("Secret plan") == std::string::npos);
          CHECK(r.err.find("the details") == std::string::npos);
        }
        const ProcessResult anonymous = w.cli(args);  // no token at all
        CHECK(anonymous.exit_code == kUnauthenticated);
      }
      const ProcessResult list = w.cli({"--json", "event", "list", "--q", "Secret"}, tokens[role]);
      REQUIRE(list.exit_code == 0);
      bool listed = false;
      for (const auto& item : nlohmann::json::parse(list.out)) listed |= item["id"] == e.id;
      CHECK(listed == (role != 0));
    }
    CHECK(w.store.check().ok());
  }
}

#endif  // EVENTCOLLAB_CLI_PATH
