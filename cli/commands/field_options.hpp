// SPDX-License-Identifier: MIT
// The content options of `event create` and `event update`, one per input row of the
// library's field table (lib/events/fields.hpp): a new field there is a new option here, with
// its summary as help, without an edit in this folder.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "eventcollab/event.hpp"
#include "events/fields.hpp"

namespace eventcollab::cli {

/// The option of a field, without dashes: its name with `_` as `-`, or the shorter name it
/// had before the table existed ("start_time" -> "start"); a list of times is named in the
/// singular, since each time is one repetition of the option ("exdates" -> "exdate").
std::string field_option_name(std::string_view field);

class FieldOptions {
 public:
  enum class Use {
    create,  ///< required fields are required options; nothing can be cleared
    update,  ///< every option optional; `--clear-<field>` where the field is clearable
  };

  /// Adds the options to `cmd`. The object must outlive the parse (hold it in a shared_ptr
  /// captured by the callback): CLI11 writes into its members.
  FieldOptions(CLI::App& cmd, Use use);
  FieldOptions(const FieldOptions&) = delete;
  FieldOptions& operator=(const FieldOptions&) = delete;

  /// The draft from the given options; times are dates when --all-day is given (`--timed`
  /// is `--all-day=false`, and giving both is a usage error).
  /// Throws Error: invalid_argument (a time that does not parse or is in the other form,
  /// naming its option).
  EventDraft draft() const;
  /// The patch from the given options: unset keeps, set replaces, --clear-* clears. Times
  /// are read in the form of --all-day when given, else of `current_all_day`.
  /// Throws Error: invalid_argument (as draft()).
  EventPatch patch(bool current_all_day) const;

 private:
  struct Given {
    std::string flag{};               ///< "--start", for errors
    std::string text{};               ///< the value as typed
    std::vector<std::string> all{};   ///< a repeated option's values
    bool on = false;                  ///< a flag's value
    CLI::Option* option = nullptr;    ///< counts whether it was given; null: no option
    CLI::Option* negation = nullptr;  ///< a flag's second name for false (`--timed`), if any
    bool clear = false;               ///< --clear-<field>
    bool negated() const { return negation != nullptr && negation->count() > 0; }
    bool given() const { return (option != nullptr && option->count() > 0) || negated(); }
    bool flag_value() const { return on && !negated(); }
  };

  // Each reads one option into its field, in the event's form (`all_day`).
  static void take(std::string& to, const Given& g, bool all_day);
  static void take(std::optional<std::string>& to, const Given& g, bool all_day);
  static void take(Timestamp& to, const Given& g, bool all_day);
  static void take(bool& to, const Given& g, bool all_day);
  static void take(std::vector<Timestamp>& to, const Given& g, bool all_day);
  static void take(std::vector<OccurrenceOverride>& to, const Given& g, bool all_day);
  static void take(ClearableText& to, const Given& g, bool all_day);
  static void take(std::optional<std::vector<Timestamp>>& to, const Given& g, bool all_day);
  template <class T>
  static void take(std::optional<T>& to, const Given& g, bool all_day) {
    if (!g.given()) return;
    T value{};
    take(value, g, all_day);
    to = std::move(value);
  }

  const Given& all_day_option() const;

  std::array<Given, events::kFieldCount> fields_{};
};

}  // namespace eventcollab::cli
