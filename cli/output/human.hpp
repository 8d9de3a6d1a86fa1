// SPDX-License-Identifier: MIT
// Printing a result in the mode the user chose: human tables, REST JSON, or just the key value.
#pragma once

#include <vector>

#include "context.hpp"
#include "eventcollab/eventcollab.hpp"
#include "output/json.hpp"

namespace eventcollab::cli {

void print_human(const User& u);
void print_human(const TokenPair& t);
void print_human(const Event& e);
void print_human(const std::vector<Event>& events);
void print_human(const Share& s);
void print_human(const std::vector<Share>& shares);
void print_human(const Version& v);
void print_human(const std::vector<Version>& versions);
void print_human(const Diff& d);
void print_human(const std::vector<ChangelogEntry>& entries);
void print_human(const SchemaStatus& s);
void print_human(const Occurrence& o);
void print_human(const std::vector<Occurrence>& occurrences);
/// Busy intervals with each time in `zone` and its abbreviation (a zone format_local knows).
void print_human(const FreeBusy& f, const std::string& zone);
void print_human(const std::vector<Conflict>& conflicts);
void print_human(const ChangePage& page);

/// After an OverlapError's message on stderr: the occurrences it names, one per line.
void print_overlapped(const OverlapError& e);

/// An event's time as a person reads it: a date for an all-day event, else the wall-clock
/// time in its zone with the zone's abbreviation ("2026-05-04 09:00 CEST").
std::string local_time(Timestamp t, bool all_day, const std::string& zone);

// --quiet prints the one value a script wants (an id or a token) and nothing else.
void print_quiet(const User& u);
void print_quiet(const TokenPair& t);
void print_quiet(const Event& e);
void print_quiet(const std::vector<Event>& events);
void print_quiet(const ChangePage& page);  ///< the cursor, to resume from
template <class T>
void print_quiet(const T&) {}

/// Prints `value` as the global options ask: --json (the REST shape), --quiet, or human.
template <class T>
void show(const Context& ctx, const T& value) {
  switch (ctx.mode()) {
    case OutputMode::json:
      print_json(json::to_json(value));
      return;
    case OutputMode::quiet:
      print_quiet(value);
      return;
    case OutputMode::human:
      print_human(value);
      return;
  }
}

/// A confirmation line for commands without a result (delete, logout, ...): human mode only,
/// since REST answers those with 204 and no body.
void show_done(const Context& ctx, std::string_view message);

}  // namespace eventcollab::cli
