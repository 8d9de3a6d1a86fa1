// SPDX-License-Identifier: MIT
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "commands/field_options.hpp"
#include "events/validation.hpp"
#include "json/calendar_shapes.hpp"
#include "json/shapes.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {
namespace {

// The library's bound for EventQuery::limit, named in the --limit error.
constexpr std::int64_t kMaxLimit = events::kMaxListLimit;

// Unset options are left out, so the library decides what "missing" means.
std::optional<std::string> given(const CLI::Option* opt, const std::string& value) {
  return opt->count() > 0 ? std::optional<std::string>(value) : std::nullopt;
}

std::string read_input_file(const std::string& file) {
  if (file == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  // A directory opens as an ifstream on Linux and then fails to read: refuse it by name.
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw InputError(fmt::format("cannot read {}: it is a directory, not a JSON file", file));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(fmt::format("cannot read {}", file));
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) throw InputError(fmt::format("cannot read {}: read error", file));
  return text;
}

// `--conflicts allow|reject`, as the REST routes' `?conflicts=`.
std::shared_ptr<std::optional<std::string>> add_conflicts_option(CLI::App& cmd) {
  auto value = std::make_shared<std::optional<std::string>>();
  cmd.add_option_function<std::string>(
      "--conflicts", [value](const std::string& v) { *value = v; },
      "reject: refuse (exit 7, nothing written) when an occurrence would overlap another event "
      "you can see; allow (the default)");
  return value;
}

OverlapPolicy overlap_policy(const std::optional<std::string>& text) {
  try {
    return json::parse_overlap_policy(text);
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("--{}", e.what()));
  }
}

void register_create(CLI::App& event, Context& ctx) {
  auto* cmd = opens(event.add_subcommand("create", "Create an event you own (version 1)"), ctx,
                    Access::write);
  auto fields = std::make_shared<FieldOptions>(*cmd, FieldOptions::Use::create);
  auto conflicts = add_conflicts_option(*cmd);
  cmd->footer(
      examples({"eventcollab event create --title Standup --start 2026-05-01T09:00:00Z "
                "--end 2026-05-01T09:15:00Z --location 'Room 1'",
                "eventcollab event create --title Standup --start 2026-05-04T09:00:00+02:00 "
                "--end 2026-05-04T09:15:00+02:00 --timezone Europe/Berlin --rrule "
                "'FREQ=WEEKLY;BYDAY=MO' --conflicts reject",
                "eventcollab event create --title Holiday --all-day --start 2026-08-03 "
                "--end 2026-08-08",
                "ID=$(eventcollab event create --quiet --title T --start ... --end ...)"}));
  cmd->callback([&ctx, fields, conflicts] {
    const OverlapPolicy policy = overlap_policy(*conflicts);
    const Principal me = ctx.principal();
    show(ctx, ctx.store().events().create(me, fields->draft(), policy));
  });
}

void register_list(CLI::App& event, Context& ctx) {
  struct Args {
    std::string from, to, q;
    std::string skip = "0", limit = "100";  // text: see parse_integer_argument
  };
  auto a = std::make_shared<Args>();
  auto* cmd = opens(event.add_subcommand("list", "List events you own or that are shared with you"),
                    ctx, Access::read);
  auto* from = cmd->add_option("--from", a->from, "Only events that end after this time");
  auto* to = cmd->add_option("--to", a->to, "Only events that start before this time");
  auto* q = cmd->add_option("--q,--search", a->q,
                            "Case-insensitive text in title, description or location");
  cmd->add_option("--skip", a->skip, "Skip this many events first")->capture_default_str();
  cmd->add_option("--limit", a->limit, fmt::format("At most this many events (1-{})", kMaxLimit))
      ->capture_default_str();
  cmd->footer(
      examples({"eventcollab event list --from 2026-05-01T00:00:00Z --to "
                "2026-06-01T00:00:00Z",
                "eventcollab --json event list --q standup --limit 10"}));
  cmd->callback([&ctx, a, from, to, q] {
    EventQuery query{.skip = parse_integer_argument("--skip", a->skip),
                     .limit = parse_integer_argument("--limit", a->limit, 1, kMaxLimit),
                     .q = given(q, a->q)};
    const Principal me = ctx.principal();
    if (from->count() > 0) query.from = parse_time_option("--from", a->from);
    if (to->count() > 0) query.to = parse_time_option("--to", a->to);
    show(ctx, ctx.store().events().list(me, query));
  });
}

void register_show_delete(CLI::App& event, Context& ctx) {
  auto id = std::make_shared<std::string>();  // text: see parse_id_argument
  auto* show_cmd = opens(event.add_subcommand("show", "Show one event"), ctx, Access::read);
  show_cmd->add_option("ID", *id, "Event id")->required();
  show_cmd->footer(examples({"eventcollab event show 1", "eventcollab --json event show 1"}));
  show_cmd->callback([&ctx, id] {
    const EventId event_id = parse_id_argument("ID", *id);
    const Principal me = ctx.principal();
    show(ctx, ctx.store().events().get(me, event_id));
  });

  auto* del = opens(
      event.add_subcommand("delete", "Delete an event with its shares and history (owner only)"),
      ctx, Access::write);
  del->add_option("ID", *id, "Event id")->required();
  del->footer(examples({"eventcollab event delete 1"}));
  del->callback([&ctx, id] {
    const EventId event_id = parse_id_argument("ID", *id);
    const Principal me = ctx.principal();
    ctx.store().events().remove(me, event_id);
    show_done(ctx, fmt::format("deleted event {}", event_id));
  });
}

void register_update(CLI::App& event, Context& ctx) {
  struct Args {
    std::string id, if_version;  // text: see parse_integer_argument
  };
  auto a = std::make_shared<Args>();
  auto* cmd = opens(event.add_subcommand("update",
                                         "Change some fields of an event (write permission); "
                                         "unset fields stay as they are"),
                    ctx, Access::write);
  cmd->add_option("ID", a->id, "Event id")->required();
  auto fields = std::make_shared<FieldOptions>(*cmd, FieldOptions::Use::update);
  auto* if_version = cmd->add_option(
      "--if-version", a->if_version,
      "Only update if the event is still at this version (else exit 7, nothing changes)");
  auto conflicts = add_conflicts_option(*cmd);
  cmd->footer(examples({"eventcollab event update 1 --title 'Daily standup' --if-version 1",
                        "eventcollab event update 1 --clear-location --end 2026-05-01T09:30:00Z",
                        "eventcollab event update 1 --exdate 2026-05-11T07:00:00Z --exdate "
                        "2026-05-18T07:00:00Z",
                        "eventcollab event update 1 --timed --start "
                        "2026-05-01T09:00:00+02:00 --end 2026-05-01T10:00:00+02:00"}));
  cmd->callback([&ctx, a, fields, if_version, conflicts] {
    const EventId id = parse_id_argument("ID", a->id);
    const OverlapPolicy policy = overlap_policy(*conflicts);
    const Principal me = ctx.principal();
    // Decoded by the library after its access check, so a stranger's bad input is not_found
    // and a reader's forbidden, as over HTTP; times are read in the event's form (dates when
    // it is or becomes all-day).
    auto decode = [&](const Event& current) {
      EventUpdate u;
      if (if_version->count() > 0) {
        u.expected_version = parse_integer_argument("--if-version", a->if_version);
      }
      u.patch = fields->patch(current.all_day);
      return u;
    };
    show(ctx, ctx.store().events().update(me, id, decode, policy));
  });
}

void register_batch(CLI::App& event, Context& ctx) {
  auto file = std::make_shared<std::string>();
  auto* cmd = opens(event.add_subcommand("batch",
                                         "Create many events from a JSON array (all or "
                                         "nothing), like POST /events/batch"),
                    ctx, Access::write);
  cmd->add_option("FILE", *file, "A JSON file, or - for stdin")->required();
  cmd->footer(examples({"eventcollab event batch events.json",
                        "echo '[{\"title\":\"A\",\"start_time\":\"2026-05-01T09:00:00Z\","
                        "\"end_time\":\"2026-05-01T10:00:00Z\"}]' | eventcollab event batch -"}));
  cmd->callback([&ctx, file] {
    const Principal me = ctx.principal();
    const std::string text = read_input_file(*file);
    nlohmann::json body;
    try {
      body = json::parse_body(text, "JSON input");
    } catch (const json::SyntaxError& e) {
      // The message names a byte or a key, never the input itself (which may be megabytes).
      throw InputError(fmt::format("{}: {}", *file == "-" ? "stdin" : *file, e.what()));
    }
    show(ctx, ctx.store().events().create_batch(me, json::parse_event_batch(body)));
  });
}

}  // namespace

void register_event_commands(CLI::App& app, Context& ctx) {
  auto* event = app.add_subcommand("event", "Create, list, show, update and delete events");
  event->require_subcommand(1);
  event->footer(
      examples({"eventcollab event create --title Standup --start 2026-05-01T09:00:00Z "
                "--end 2026-05-01T09:15:00Z",
                "eventcollab event list", "eventcollab event update 1 --title 'Daily standup'",
                "eventcollab event COMMAND --help"}));
  register_create(*event, ctx);
  register_list(*event, ctx);
  register_show_delete(*event, ctx);
  register_update(*event, ctx);
  register_batch(*event, ctx);
}

}  // namespace eventcollab::cli
