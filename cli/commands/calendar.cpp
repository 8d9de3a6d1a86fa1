// SPDX-License-Identifier: MIT
// occurrences, occurrence set/cancel, freebusy, conflicts: the calendar routes of REST.
#include <cstdlib>
#include <exception>

#include <date/tz.h>
#include <fmt/format.h>

#include "commands/commands.hpp"
#include "json/calendar_shapes.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {
namespace {

// --from and --to, both required (the library checks the span).
struct Window {
  std::string from, to;
  void add(CLI::App& cmd) {
    cmd.add_option("--from", from, "Start of the window (RFC 3339)")->required();
    cmd.add_option("--to", to, "End of the window, exclusive; at most 366 days after --from")
        ->required();
  }
  TimeWindow parse() const {
    return {parse_time_option("--from", from), parse_time_option("--to", to)};
  }
};

// True when the library's zone code knows `zone` (format_local is its public door).
bool known_zone(const std::string& zone) {
  try {
    format_local(Timestamp{}, zone);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// The zone of the process: TZ when it names a zone ("Europe/Berlin", or ":Europe/Berlin" as
// POSIX allows), else the system's (/etc/localtime, through date/tz), else UTC.
std::string local_zone() {
  if (const char* tz = std::getenv("TZ"); tz != nullptr) {
    std::string name(tz);
    if (name.starts_with(':')) name.erase(0, 1);
    if (known_zone(name)) return name;
  }
  try {
    std::string name = date::current_zone()->name();
    if (known_zone(name)) return name;
  } catch (const std::exception&) {
    // No /etc/localtime, or one that names no zone: UTC.
  }
  return "UTC";
}

void register_occurrences(CLI::App& app, Context& ctx) {
  struct Args {
    Window window;
    std::string q;
    std::string limit = "1000";  // text: see parse_integer_argument
  };
  auto a = std::make_shared<Args>();
  auto* cmd = opens(app.add_subcommand("occurrences",
                                       "Occurrences of the events you can see in a window, "
                                       "series expanded, in each event's time zone"),
                    ctx, Access::read);
  a->window.add(*cmd);
  cmd->add_option("--limit", a->limit, "At most this many (1-10000)")->capture_default_str();
  auto* q = cmd->add_option("--q,--search", a->q,
                            "Case-insensitive text in title, description or location");
  cmd->footer(
      examples({"eventcollab occurrences --from 2026-05-04T00:00:00Z --to "
                "2026-05-11T00:00:00Z",
                "eventcollab --json occurrences --from ... --to ... --q standup"}));
  cmd->callback([&ctx, a, q] {
    OccurrenceQuery query;
    query.limit = parse_integer_argument("--limit", a->limit);
    if (q->count() > 0) query.q = a->q;
    const TimeWindow window = a->window.parse();
    const Principal me = ctx.principal();
    show(ctx, ctx.store().events().occurrences(me, window, query));
  });
}

void register_occurrence(CLI::App& app, Context& ctx) {
  auto* occurrence =
      app.add_subcommand("occurrence", "Change or cancel one occurrence of a series");
  occurrence->require_subcommand(1);
  occurrence->footer(
      examples({"eventcollab occurrence set 1 2026-05-11T07:00:00Z --title 'Standup (moved)' "
                "--start 2026-05-11T10:00:00+02:00 --end 2026-05-11T10:15:00+02:00",
                "eventcollab occurrence cancel 1 2026-05-18T07:00:00Z",
                "eventcollab occurrence cancel 2 2026-08-04"}));

  struct Args {
    std::string id, recurrence_id, if_version;
    std::string title, description, location, start, end;
    bool clear_description = false, clear_location = false;
  };
  auto a = std::make_shared<Args>();
  const char* rid_help =
      "The occurrence's original start: RFC 3339, or YYYY-MM-DD for an all-day series";

  auto* set = opens(occurrence->add_subcommand("set", "Change one occurrence (write permission)"),
                    ctx, Access::write);
  set->add_option("ID", a->id, "Event id")->required();
  set->add_option("RECURRENCE_ID", a->recurrence_id, rid_help)->required();
  auto* title = set->add_option("--title", a->title, "New title of this occurrence");
  auto* description = set->add_option("--description", a->description, "New description");
  auto* clear_description =
      set->add_flag("--clear-description", a->clear_description, "Remove the description");
  description->excludes(clear_description);
  auto* location = set->add_option("--location", a->location, "New location");
  auto* clear_location =
      set->add_flag("--clear-location", a->clear_location, "Remove the location");
  location->excludes(clear_location);
  auto* start = set->add_option("--start", a->start,
                                "New start (RFC 3339 with offset; a date for an all-day series)");
  auto* end = set->add_option("--end", a->end, "New end (as --start)");
  auto* if_version = set->add_option(
      "--if-version", a->if_version,
      "Only change if the event is still at this version (else exit 7, nothing changes)");
  set->footer(examples({"eventcollab occurrence set 1 2026-05-11T07:00:00Z --location 'Room 2'",
                        "eventcollab occurrence set 2 2026-08-04 --start 2026-08-05 --end "
                        "2026-08-06"}));
  set->callback([&ctx, a, title, description, location, start, end, if_version] {
    const EventId id = parse_id_argument("ID", a->id);
    const Timestamp rid = json::parse_recurrence_id(a->recurrence_id);
    const Principal me = ctx.principal();
    // Decoded by the library after its access check, in the event's form.
    auto decode = [&](const Event& current) {
      json::require_recurrence_form(a->recurrence_id, current.all_day);
      OccurrenceUpdate u;
      auto time = [&](const char* flag, const std::string& text) {
        return json::parse_event_time(nlohmann::json(text), flag, current.all_day);
      };
      if (title->count() > 0) u.patch.title = a->title;
      if (description->count() > 0) u.patch.description = a->description;
      if (a->clear_description) u.patch.description = std::optional<std::string>{};
      if (location->count() > 0) u.patch.location = a->location;
      if (a->clear_location) u.patch.location = std::optional<std::string>{};
      if (start->count() > 0) u.patch.start = time("--start", a->start);
      if (end->count() > 0) u.patch.end = time("--end", a->end);
      if (if_version->count() > 0) {
        u.expected_version = parse_integer_argument("--if-version", a->if_version);
      }
      return u;
    };
    show(ctx, ctx.store().events().change_occurrence(me, id, rid, decode));
  });

  auto* cancel =
      opens(occurrence->add_subcommand("cancel", "Cancel one occurrence: it joins the exdates"),
            ctx, Access::write);
  cancel->add_option("ID", a->id, "Event id")->required();
  cancel->add_option("RECURRENCE_ID", a->recurrence_id, rid_help)->required();
  auto* cancel_if = cancel->add_option(
      "--if-version", a->if_version,
      "Only cancel if the event is still at this version (else exit 7, nothing changes)");
  cancel->footer(examples({"eventcollab occurrence cancel 1 2026-05-18T07:00:00Z"}));
  cancel->callback([&ctx, a, cancel_if] {
    const EventId id = parse_id_argument("ID", a->id);
    const Timestamp rid = json::parse_recurrence_id(a->recurrence_id);
    const Principal me = ctx.principal();
    // Decoded by the library after its access check, as for `occurrence set`.
    auto decode = [&](const Event& current) -> std::optional<std::int64_t> {
      json::require_recurrence_form(a->recurrence_id, current.all_day);
      if (cancel_if->count() == 0) return std::nullopt;
      return parse_integer_argument("--if-version", a->if_version);
    };
    ctx.store().events().cancel_occurrence(me, id, rid, decode);
    show_done(ctx, fmt::format("cancelled the occurrence {} of event {}", a->recurrence_id, id));
  });
}

void register_freebusy(CLI::App& app, Context& ctx) {
  struct Args {
    Window window;
    std::vector<std::string> users;
    std::string timezone;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = opens(app.add_subcommand("freebusy",
                                       "When users are busy (times only, never titles); "
                                       "default: you"),
                    ctx, Access::read);
  cmd->add_option("USER", a->users, "Usernames");
  a->window.add(*cmd);
  auto* timezone = cmd->add_option(
      "--timezone", a->timezone,
      "IANA zone the times are shown in (default: TZ, else the system's zone, else UTC); "
      "--json is always UTC");
  cmd->footer(
      examples({"eventcollab freebusy alice bob --from 2026-05-04T00:00:00Z --to "
                "2026-05-09T00:00:00Z",
                "eventcollab freebusy bob --from ... --to ... --timezone America/New_York"}));
  cmd->callback([&ctx, a, timezone] {
    const TimeWindow window = a->window.parse();
    const std::string zone = timezone->count() > 0 ? a->timezone : local_zone();
    if (!known_zone(zone)) {
      throw Error(Errc::invalid_argument,
                  fmt::format("--timezone: unknown time zone '{}'", zone.substr(0, 64)));
    }
    const Principal me = ctx.principal();
    const FreeBusy busy = ctx.store().events().free_busy(me, a->users, window);
    // Busy intervals have no event whose zone they could take: the user's zone, in human mode;
    // --json is the REST shape (UTC), --quiet prints nothing, as for any result without an id.
    if (ctx.mode() == OutputMode::human) print_human(busy, zone);
    if (ctx.mode() == OutputMode::json) print_json(json::to_json(busy));
  });
}

void register_conflicts(CLI::App& app, Context& ctx) {
  auto window = std::make_shared<Window>();
  auto* cmd =
      opens(app.add_subcommand("conflicts", "Pairs of occurrences you can see that overlap"), ctx,
            Access::read);
  window->add(*cmd);
  cmd->footer(
      examples({"eventcollab conflicts --from 2026-05-01T00:00:00Z --to 2026-06-01T00:00:00Z"}));
  cmd->callback([&ctx, window] {
    const TimeWindow w = window->parse();
    const Principal me = ctx.principal();
    show(ctx, ctx.store().events().conflicts(me, w));
  });
}

}  // namespace

void register_calendar_commands(CLI::App& app, Context& ctx) {
  register_occurrences(app, ctx);
  register_occurrence(app, ctx);
  register_freebusy(app, ctx);
  register_conflicts(app, ctx);
}

}  // namespace eventcollab::cli
