// SPDX-License-Identifier: MIT
#include "commands/field_options.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "context.hpp"

namespace eventcollab::cli {
namespace {

// Options whose name is not the field's: the names the CLI had before the table existed.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kOptionAliases{{
    {"start_time", "start"},
    {"end_time", "end"},
}};

std::string help_of(const events::FieldInfo& f) {
  std::string help(f.summary);
  if (f.kind == events::FieldKind::time) help += " (e.g. 2026-05-01T09:00:00+02:00)";
  return help;
}

std::string spaced(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace

std::string field_option_name(std::string_view field) {
  for (const auto& [name, option] : kOptionAliases) {
    if (name == field) return std::string(option);
  }
  std::string out(field);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

FieldOptions::FieldOptions(CLI::App& cmd, Use use) {
  for (std::size_t i = 0; i < events::kFieldCount; ++i) {
    const events::FieldInfo& f = events::kFieldInfos[i];
    Given& g = fields_[i];
    const std::string option = field_option_name(f.name);
    g.flag = "--" + option;
    g.option = cmd.add_option(g.flag, g.text, help_of(f));
    if (use == Use::create && f.required()) g.option->required();
    if (use == Use::update && f.clearable()) {
      auto* clear =
          cmd.add_flag("--clear-" + option, g.clear, fmt::format("Remove the {}", spaced(f.name)));
      g.option->excludes(clear);
    }
  }
}

void FieldOptions::take(std::string& to, const Given& g) { to = g.text; }

void FieldOptions::take(Timestamp& to, const Given& g) { to = parse_time_option(g.flag, g.text); }

void FieldOptions::take(ClearableText& to, const Given& g) {
  if (g.given()) to = g.text;
  if (g.clear) to = eventcollab::clear;
}

EventDraft FieldOptions::draft() const {
  EventDraft d;
  std::size_t i = 0;
  events::for_each_field([&](const auto& f) { take(f.of(d), fields_[i++]); });
  return d;
}

EventPatch FieldOptions::patch() const {
  EventPatch p;
  std::size_t i = 0;
  events::for_each_field([&](const auto& f) { take(f.of(p), fields_[i++]); });
  return p;
}

}  // namespace eventcollab::cli
