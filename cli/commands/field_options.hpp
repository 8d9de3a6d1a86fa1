// SPDX-License-Identifier: MIT
// The content options of `event create` and `event update`, one per row of the library's
// field table (lib/events/fields.hpp): a new field there is a new option here, with its
// summary as help, without an edit in this folder.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "eventcollab/event.hpp"
#include "events/fields.hpp"

namespace eventcollab::cli {

/// The option of a field, without dashes: its name with `_` as `-`, or the shorter name it
/// had before the table existed ("start_time" -> "start").
std::string field_option_name(std::string_view field);

class FieldOptions {
 public:
  enum class Use {
    create,  ///< required fields are required options; nothing can be cleared
    update,  ///< every option optional; `--clear-<option>` where the field is clearable
  };

  /// Adds the options to `cmd`. The object must outlive the parse (hold it in a shared_ptr
  /// captured by the callback): CLI11 writes into its members.
  FieldOptions(CLI::App& cmd, Use use);
  FieldOptions(const FieldOptions&) = delete;
  FieldOptions& operator=(const FieldOptions&) = delete;

  /// The draft from the given options. Throws Error: invalid_argument (a time that does not
  /// parse, naming its option).
  EventDraft draft() const;
  /// The patch from the given options: unset keeps, set replaces, --clear-* clears.
  /// Throws Error: invalid_argument (as draft()).
  EventPatch patch() const;

 private:
  struct Given {
    std::string flag{};             ///< "--start", for errors
    std::string text{};             ///< the value as typed
    CLI::Option* option = nullptr;  ///< counts whether it was given
    bool clear = false;             ///< --clear-<option>
    bool given() const { return option->count() > 0; }
  };

  static void take(std::string& to, const Given& g);
  static void take(Timestamp& to, const Given& g);
  template <class T>
  static void take(std::optional<T>& to, const Given& g) {
    if (!g.given()) return;
    T value{};
    take(value, g);
    to = std::move(value);
  }
  static void take(ClearableText& to, const Given& g);

  std::array<Given, events::kFieldCount> fields_{};
};

}  // namespace eventcollab::cli
