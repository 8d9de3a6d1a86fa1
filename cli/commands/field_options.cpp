// SPDX-License-Identifier: MIT
#include "commands/field_options.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "context.hpp"
#include "json/shapes.hpp"

namespace eventcollab::cli {
namespace {

// Options whose name is not the field's: the names the CLI had before the table existed,
// and lists of times, given one time per option.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kOptionAliases{{
    {"start_time", "start"},
    {"end_time", "end"},
    {"exdates", "exdate"},
    {"rdates", "rdate"},
}};

// Flags that have a second name for their `false`: `--timed` reads better than
// `--all-day=false` when an all-day event turns back into a timed one.
constexpr std::array<std::pair<std::string_view, std::string_view>, 1> kFlagNegations{{
    {"all_day", "timed"},
}};

std::optional<std::string_view> negation_of(std::string_view field) {
  for (const auto& [name, negation] : kFlagNegations) {
    if (name == field) return negation;
  }
  return std::nullopt;
}

std::string help_of(const events::FieldInfo& f) {
  std::string help(f.summary);
  if (f.kind == events::FieldKind::time) {
    help += " (e.g. 2026-05-01T09:00:00+02:00, or 2026-05-01 with --all-day)";
  }
  if (f.kind == events::FieldKind::times) help += "; repeat the option for several";
  return help;
}

std::string spaced(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string dashed(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

Timestamp time_of(const std::string& flag, const std::string& text, bool all_day) {
  return json::parse_event_time(nlohmann::json(text), flag, all_day);
}

}  // namespace

std::string field_option_name(std::string_view field) {
  for (const auto& [name, option] : kOptionAliases) {
    if (name == field) return std::string(option);
  }
  return dashed(field);
}

FieldOptions::FieldOptions(CLI::App& cmd, Use use) {
  for (std::size_t i = 0; i < events::kFieldCount; ++i) {
    const events::FieldInfo& f = events::kFieldInfos[i];
    if (!f.input()) continue;  // overrides change through `occurrence set`
    Given& g = fields_[i];
    g.flag = "--" + field_option_name(f.name);
    switch (f.kind) {
      case events::FieldKind::flag:
        // `--all-day`, or `--all-day=false` (CLI11 reads a flag's value after `=`).
        g.option = cmd.add_flag(g.flag, g.on, help_of(f));
        if (const auto off = negation_of(f.name)) {
          const std::string help = fmt::format("The same as {}=false", g.flag);
          g.negation = cmd.add_flag(fmt::format("--{}", dashed(*off)), help);
          g.negation->excludes(g.option);  // both at once: a usage error
        }
        break;
      case events::FieldKind::times:
        g.option = cmd.add_option(g.flag, g.all, help_of(f))->allow_extra_args(false);
        break;
      case events::FieldKind::text:
      case events::FieldKind::optional_text:
      case events::FieldKind::time:
      case events::FieldKind::overrides:
        g.option = cmd.add_option(g.flag, g.text, help_of(f));
        break;
    }
    if (use == Use::create && f.required()) g.option->required();
    const bool list = f.kind == events::FieldKind::times;
    if (use == Use::update && (f.clearable() || list)) {
      auto* clear = cmd.add_flag("--clear-" + dashed(f.name), g.clear,
                                 fmt::format("Remove the {}", spaced(f.name)));
      g.option->excludes(clear);
    }
  }
}

const FieldOptions::Given& FieldOptions::all_day_option() const {
  for (std::size_t i = 0; i < events::kFieldCount; ++i) {
    if (events::kFieldInfos[i].name == "all_day") return fields_[i];
  }
  throw std::logic_error("the field table has no all_day");
}

void FieldOptions::take(std::string& to, const Given& g, bool) {
  if (g.given()) to = g.text;  // else the draft's default stays
}

void FieldOptions::take(std::optional<std::string>& to, const Given& g, bool) {
  if (g.given()) to = g.text;
}

void FieldOptions::take(Timestamp& to, const Given& g, bool all_day) {
  if (g.given()) to = time_of(g.flag, g.text, all_day);
}

void FieldOptions::take(bool& to, const Given& g, bool) {
  if (g.given()) to = g.flag_value();
}

void FieldOptions::take(std::vector<Timestamp>& to, const Given& g, bool all_day) {
  if (!g.given()) return;
  to.clear();
  for (const auto& text : g.all) to.push_back(time_of(g.flag, text, all_day));
}

void FieldOptions::take(std::vector<OccurrenceOverride>&, const Given&, bool) {}

void FieldOptions::take(ClearableText& to, const Given& g, bool) {
  if (g.given()) to = g.text;
  if (g.clear) to = eventcollab::clear;
}

void FieldOptions::take(std::optional<std::vector<Timestamp>>& to, const Given& g, bool all_day) {
  if (g.clear) to = std::vector<Timestamp>{};
  if (!g.given()) return;
  std::vector<Timestamp> times;
  take(times, g, all_day);
  to = std::move(times);
}

EventDraft FieldOptions::draft() const {
  EventDraft d;
  const bool all_day = all_day_option().given() && all_day_option().flag_value();
  std::size_t i = 0;
  events::for_each_field([&](const auto& f) { take(f.of(d), fields_[i++], all_day); });
  return d;
}

EventPatch FieldOptions::patch(bool current_all_day) const {
  EventPatch p;
  const bool all_day = all_day_option().given() ? all_day_option().flag_value() : current_all_day;
  std::size_t i = 0;
  events::for_each_field([&](const auto& f) {
    if constexpr (events::kPatchable<decltype(f)>) take(f.of(p), fields_[i], all_day);
    ++i;
  });
  return p;
}

}  // namespace eventcollab::cli
