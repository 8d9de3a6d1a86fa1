// SPDX-License-Identifier: MIT
// The content options of `event create` and `event update` come from the library's field
// table: every row of events::kFieldInfos has an option whose help is the row's summary, is
// required or clearable as the row says, and sets the field that `--json event show` reads
// back. A row added to the table is covered here without an edit (a new kind fails to
// compile in sample() until it gets a value).
#include <sstream>

#include <fmt/format.h>

#include "events/fields.hpp"
#include "support/cli_fixture.hpp"

using namespace eventcollab::test;
using eventcollab::events::FieldInfo;
using eventcollab::events::FieldKind;
using eventcollab::events::kFieldInfos;
using nlohmann::json;

namespace {

// The option ("--title") whose help in `help` is `summary`; "" when none is. CLI11 puts the
// help on the next line when the option's column is full.
std::string option_with_help(const std::string& help, std::string_view summary) {
  std::istringstream lines(help);
  std::string line, previous;
  while (std::getline(lines, line)) {
    if (line.find(summary) != std::string::npos) {
      const bool own_line = line.find_first_not_of(' ') == line.find("--");
      const std::string& head = own_line ? line : previous;
      const auto start = head.find("--");
      if (start == std::string::npos) return "";
      return head.substr(start, head.find(' ', start) - start);
    }
    previous = line;
  }
  return "";
}

// The help line of `option` (the line that names it first).
std::string line_of(const std::string& help, const std::string& option) {
  std::istringstream lines(help);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find("  " + option + " ") == 0) return line;
  }
  return "";
}

// The position of `f` among the table's time fields: times grow in table order, so each end
// follows its start.
int time_index(const FieldInfo& f) {
  int i = 0;
  for (const FieldInfo& other : kFieldInfos) {
    if (other.name == f.name) return i;
    if (other.kind == FieldKind::time) ++i;
  }
  return i;
}

struct Sample {
  std::vector<std::string> args;  // what the command line gives (the option included)
  json shown;                     // what `--json event show` answers for it
};

// A valid value of `f` given through `option`; `round` 1 differs from round 0. Fields whose
// text must be a zone or a rule get one; a flag is given as `--all-day=false` (true would need
// dates, see calendar_cli_test.cpp).
Sample sample(const FieldInfo& f, const std::string& option, int round) {
  switch (f.kind) {
    case FieldKind::text:
    case FieldKind::optional_text: {
      std::string v = fmt::format("{}-{}", round == 0 ? "first" : "second", f.name);
      if (f.name == "timezone") v = round == 0 ? "Europe/Berlin" : "America/New_York";
      if (f.name == "rrule") v = round == 0 ? "FREQ=DAILY" : "FREQ=WEEKLY;BYDAY=MO";
      if (v.size() > f.max_length) v.resize(f.max_length);
      return {{option, v}, v};
    }
    case FieldKind::time: {
      const int hour = 9 + time_index(f), minute = 30 * round;
      return {{option, fmt::format("2026-05-01T{:02}:{:02}:00+02:00", hour, minute)},
              fmt::format("2026-05-01T{:02}:{:02}:00Z", hour - 2, minute)};
    }
    case FieldKind::flag:
      return {{option + "=false"}, false};
    case FieldKind::times: {
      // Two times, the option repeated; output sorted.
      const int day = 10 + round * 10;
      return {{option, fmt::format("2026-05-{}T09:00:00+02:00", day + 1), option,
               fmt::format("2026-05-{}T07:00:00Z", day)},
              json::array({fmt::format("2026-05-{}T07:00:00Z", day),
                           fmt::format("2026-05-{}T07:00:00Z", day + 1)})};
    }
    case FieldKind::overrides:
      break;  // no option: changed through `occurrence set`
  }
  return {};
}

// What `--json event show` answers for a field no option gave.
json unset(const FieldInfo& f) {
  switch (f.kind) {
    case FieldKind::flag:
      return false;
    case FieldKind::times:
    case FieldKind::overrides:
      return json::array();
    case FieldKind::text:
      return f.name == "timezone" ? json("UTC") : json();  // uid: generated, checked apart
    case FieldKind::optional_text:
    case FieldKind::time:
      break;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE_FIXTURE(CliFixture,
                    "event create and update have one option per field of the table, with its "
                    "summary as help, required and clearable as the table says") {
    const ProcessResult create = run({"event", "create", "--help"});
    const ProcessResult update = run({"event", "update", "--help"});
    REQUIRE(create.exit_code == 0);
    REQUIRE(update.exit_code == 0);
    std::size_t content_options = 0;
    for (const FieldInfo& f : kFieldInfos) {
      CAPTURE(f.name);
      const std::string option = option_with_help(create.out, f.summary);
      if (!f.input()) {
        CHECK(option.empty());  // overrides change through `occurrence set` only
        continue;
      }
      REQUIRE_FALSE(option.empty());
      CHECK(option_with_help(update.out, f.summary) == option);
      CHECK((line_of(create.out, option).find("REQUIRED") != std::string::npos) == f.required());
      // A list of times is cleared as a whole: --clear-exdates.
      const bool list = f.kind == FieldKind::times;
      const std::string clear =
          list ? "--clear-" + std::string(f.name) : "--clear-" + option.substr(2);
      CHECK((update.out.find(clear + " ") != std::string::npos) == (f.clearable() || list));
      ++content_options;
    }
    // create has one option of its own besides the table's, --conflicts, and one second name
    // of a flag's false: --timed for --all-day=false.
    std::istringstream lines(create.out);
    std::size_t options = 0;
    for (std::string line; std::getline(lines, line);) options += line.rfind("  --", 0) == 0;
    CHECK(options == content_options + 2);
    CHECK(create.out.find("  --conflicts ") != std::string::npos);
    CHECK(create.out.find("  --timed ") != std::string::npos);
  }

  TEST_CASE_FIXTURE(CliFixture,
                    "every field of the table is set through its option, read back with "
                    "--json event show, changed by update and cleared where clearable") {
    const std::string token = user("alice");
    const std::string help = run({"event", "create", "--help"}).out;
    std::vector<std::string> create = {"--token", token, "event", "create"};
    std::vector<std::string> required_only = create;
    auto option_of = [&](const FieldInfo& f) { return option_with_help(help, f.summary); };
    for (const FieldInfo& f : kFieldInfos) {
      if (!f.input()) continue;
      const auto args = sample(f, option_of(f), 0).args;
      create.insert(create.end(), args.begin(), args.end());
      if (f.required()) required_only.insert(required_only.end(), args.begin(), args.end());
    }
    const std::string id = std::to_string(cli_json(create)["id"].get<int>());
    const json shown = cli_json({"--token", token, "event", "show", id});
    for (const FieldInfo& f : kFieldInfos) {
      CAPTURE(f.name);
      if (f.input()) CHECK(shown.at(std::string(f.name)) == sample(f, option_of(f), 0).shown);
    }

    // Only the required options: every other field is unset or its default.
    const json bare = cli_json(required_only);
    for (const FieldInfo& f : kFieldInfos) {
      CAPTURE(f.name);
      if (f.required()) {
        CHECK(bare.at(std::string(f.name)) == sample(f, option_of(f), 0).shown);
      } else if (f.name == "uid") {
        CHECK(bare.at("uid").get<std::string>().ends_with("@eventcollab"));
      } else {
        CHECK(bare.at(std::string(f.name)) == unset(f));
      }
    }

    std::int64_t version = 1;
    for (const FieldInfo& f : kFieldInfos) {
      CAPTURE(f.name);
      // all_day cannot change alone (its times must change form): calendar_cli_test.cpp.
      if (!f.input() || f.kind == FieldKind::flag) continue;
      const std::string option = option_of(f);
      std::vector<std::string> update = {"--token", token, "event", "update", id};
      const auto args = sample(f, option, 1).args;
      update.insert(update.end(), args.begin(), args.end());
      const json updated = cli_json(update);
      CHECK(updated.at(std::string(f.name)) == sample(f, option, 1).shown);
      CHECK(updated["version"] == ++version);
      if (f.clearable()) {
        cli_json({"--token", token, "event", "update", id, "--clear-" + option.substr(2)});
        ++version;
      }
    }
    const json last = cli_json({"--token", token, "event", "show", id});
    CHECK(last["version"] == version);
    for (const FieldInfo& f : kFieldInfos) {
      CAPTURE(f.name);
      if (!f.input() || f.kind == FieldKind::flag) continue;
      if (f.clearable()) {
        CHECK(last.at(std::string(f.name)).is_null());
      } else {
        CHECK(last.at(std::string(f.name)) == sample(f, option_of(f), 1).shown);
      }
    }
  }
}
