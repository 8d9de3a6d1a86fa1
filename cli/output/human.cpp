// SPDX-License-Identifier: MIT
#include "output/human.hpp"

#include <fmt/format.h>

#include "events/fields.hpp"
#include "output/table.hpp"

namespace eventcollab::cli {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(sep)) + item;
  return out;
}

std::string optional_block(const std::optional<std::string>& text) {
  return text ? text_block(*text) : "-";
}

}  // namespace

void print_human(const User& u) {
  print_fields({{"id", std::to_string(u.id)},
                {"username", cell(u.username)},
                {"email", or_dash(u.email, 254)},
                {"created", readable_time(u.created_at)}});
}

void print_human(const TokenPair& t) {
  print_fields({{"access_token", t.access_token},
                {"token_type", t.token_type},
                {"expires_in", fmt::format("{} s", t.expires_in)},
                {"refresh_token", t.refresh_token}});
}

std::string local_time(Timestamp t, bool all_day, const std::string& zone) {
  return all_day ? format_date(civil_date(t)) : format_local(t, zone);
}

void print_human(const Event& e) {
  auto times = [&](const std::vector<Timestamp>& list) {
    std::vector<std::string> out;
    for (Timestamp t : list) out.push_back(local_time(t, e.all_day, e.timezone));
    return out.empty() ? std::string("-") : join(out, ", ");
  };
  print_fields({{"id", std::to_string(e.id)},
                {"title", text_block(e.title)},
                {"description", optional_block(e.description)},
                {"location", optional_block(e.location)},
                {"start", local_time(e.start, e.all_day, e.timezone)},
                {"end", local_time(e.end, e.all_day, e.timezone)},
                {"timezone", cell(e.timezone)},
                {"all_day", e.all_day ? "yes" : "no"},
                {"rrule", or_dash(e.rrule, 200)},
                {"exdates", times(e.exdates)},
                {"rdates", times(e.rdates)},
                {"overrides", std::to_string(e.overrides.size())},
                {"uid", cell(e.uid, 255)},
                {"owner_id", std::to_string(e.owner_id)},
                {"version", std::to_string(e.version)},
                {"created", readable_time(e.created_at)},
                {"updated", readable_time(e.updated_at)},
                {"permission", std::string(to_string(e.permission))}});
}

void print_human(const std::vector<Event>& events) {
  if (events.empty()) {
    fmt::print("no events\n");
    return;
  }
  Table t({"ID", "START", "END", "TITLE", "LOCATION", "PERMISSION", "VERSION"});
  for (const auto& e : events) {
    t.add({std::to_string(e.id), readable_time(e.start), readable_time(e.end), cell(e.title),
           or_dash(e.location, 30), std::string(to_string(e.permission)),
           std::to_string(e.version)});
  }
  t.print();
}

void print_human(const Share& s) {
  fmt::print("{} ({}) has {} permission\n", cell(s.username), s.user_id, to_string(s.permission));
}

void print_human(const std::vector<Share>& shares) {
  Table t({"USER_ID", "USERNAME", "PERMISSION"});
  for (const auto& s : shares) {
    t.add({std::to_string(s.user_id), cell(s.username), std::string(to_string(s.permission))});
  }
  t.print();
}

void print_human(const Version& v) {
  print_fields({{"version", std::to_string(v.number)},
                {"change", std::string(to_string(v.change))},
                {"by", fmt::format("{} ({})", cell(v.updated_by_username), v.updated_by)},
                {"at", readable_time(v.updated_at)},
                {"title", text_block(v.title)},
                {"description", optional_block(v.description)},
                {"location", optional_block(v.location)},
                {"start", readable_time(v.start)},
                {"end", readable_time(v.end)}});
}

void print_human(const std::vector<Version>& versions) {
  Table t({"VERSION", "CHANGE", "BY", "AT", "TITLE"});
  for (const auto& v : versions) {
    t.add({std::to_string(v.number), std::string(to_string(v.change)), cell(v.updated_by_username),
           readable_time(v.updated_at), cell(v.title)});
  }
  t.print();
}

void print_human(const Diff& d) {
  if (d.changes.empty()) {
    fmt::print("versions {} and {} have the same content\n", d.from, d.to);
    return;
  }
  fmt::print("changes from version {} to {}:\n", d.from, d.to);
  Table t({"FIELD", "OLD", "NEW"});
  for (const auto& c : d.changes) t.add({c.field, or_dash(c.old_value), or_dash(c.new_value)});
  t.print();
}

void print_human(const std::vector<ChangelogEntry>& entries) {
  Table t({"VERSION", "CHANGE", "BY", "AT", "FIELDS"});
  for (const auto& c : entries) {
    t.add({std::to_string(c.number), std::string(to_string(c.change)), cell(c.updated_by_username),
           readable_time(c.updated_at), join(c.fields, ", ")});
  }
  t.print();
}

void print_human(const SchemaStatus& s) {
  fmt::print("schema version {} of {}\n", s.current, s.latest);
  for (const auto& name : s.applied) fmt::print("  applied  {}\n", name);
  for (const auto& name : s.pending) fmt::print("  pending  {}\n", name);
}

void print_human(const Occurrence& o) {
  print_fields({{"event_id", std::to_string(o.event_id)},
                {"recurrence_id",
                 o.recurrence_id ? local_time(*o.recurrence_id, o.all_day, o.timezone) : "-"},
                {"title", text_block(o.title)},
                {"description", optional_block(o.description)},
                {"location", optional_block(o.location)},
                {"start", local_time(o.start, o.all_day, o.timezone)},
                {"end", local_time(o.end, o.all_day, o.timezone)},
                {"timezone", cell(o.timezone)},
                {"overridden", o.overridden ? "yes" : "no"},
                {"version", std::to_string(o.version)},
                {"permission", std::string(to_string(o.permission))}});
}

void print_human(const std::vector<Occurrence>& occurrences) {
  if (occurrences.empty()) {
    fmt::print("no occurrences\n");
    return;
  }
  Table t({"EVENT", "START", "END", "TITLE", "LOCATION", "PERMISSION", "RECURRENCE_ID"});
  for (const auto& o : occurrences) {
    t.add({std::to_string(o.event_id), local_time(o.start, o.all_day, o.timezone),
           local_time(o.end, o.all_day, o.timezone), cell(o.title) + (o.overridden ? " *" : ""),
           or_dash(o.location, 30), std::string(to_string(o.permission)),
           o.recurrence_id ? events::time_text(*o.recurrence_id, o.all_day) : "-"});
  }
  t.print();
}

void print_human(const FreeBusy& f, const std::string& zone) {
  auto in_zone = [&](Timestamp t) { return local_time(t, false, zone); };
  for (const auto& u : f.users) {
    fmt::print("{}:\n", cell(u.username));
    if (u.busy.empty()) fmt::print("  free from {} to {}\n", in_zone(f.from), in_zone(f.to));
    for (const auto& b : u.busy) {
      fmt::print("  busy {} - {}\n", in_zone(b.start), in_zone(b.end));
    }
  }
}

void print_human(const std::vector<Conflict>& conflicts) {
  if (conflicts.empty()) {
    fmt::print("no conflicts\n");
    return;
  }
  Table t({"EVENT", "START", "TITLE", "OVERLAPS", "START", "TITLE"});
  for (const auto& c : conflicts) {
    t.add({std::to_string(c.a.event_id), local_time(c.a.start, c.a.all_day, c.a.timezone),
           cell(c.a.title), std::to_string(c.b.event_id),
           local_time(c.b.start, c.b.all_day, c.b.timezone), cell(c.b.title)});
  }
  t.print();
}

void print_human(const ChangePage& page) {
  if (!page.changes.empty()) {
    Table t({"SEQ", "EVENT", "KIND", "VERSION", "AT", "BY"});
    for (const auto& c : page.changes) {
      t.add({std::to_string(c.seq), std::to_string(c.event_id), std::string(to_string(c.type)),
             std::to_string(c.version), format_local(c.at, "UTC"), std::to_string(c.by)});
    }
    t.print();
  } else {
    fmt::print("no changes\n");
  }
  fmt::print("cursor {}{}\n", page.cursor, page.more ? " (more waiting)" : "");
}

void print_overlapped(const OverlapError& e) {
  for (const auto& o : e.overlapped()) {
    fmt::print(stderr, "  overlaps event {} \"{}\" {} - {}\n", o.event_id, cell(o.title),
               local_time(o.start, o.all_day, o.timezone),
               local_time(o.end, o.all_day, o.timezone));
  }
}

void print_quiet(const User& u) { fmt::print("{}\n", u.id); }
void print_quiet(const TokenPair& t) { fmt::print("{}\n", t.access_token); }
void print_quiet(const Event& e) { fmt::print("{}\n", e.id); }
void print_quiet(const std::vector<Event>& events) {
  for (const auto& e : events) fmt::print("{}\n", e.id);
}

void print_quiet(const ChangePage& page) { fmt::print("{}\n", page.cursor); }

void show_done(const Context& ctx, std::string_view message) {
  if (ctx.mode() == OutputMode::human) fmt::print("{}\n", message);
}

}  // namespace eventcollab::cli
