// SPDX-License-Identifier: MIT
#include "events/validation.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "calendar/rule.hpp"
#include "calendar/zone.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab::events {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw Error(Errc::invalid_argument, message);
}

void check(const FieldInfo& info, const std::string& value) {
  text::check_text(info.name, value, info.min_length, info.max_length);
  if (info.not_blank && value.find_first_not_of(" \t\r\n") == std::string::npos) {
    invalid(fmt::format("{} must not be blank", info.name));
  }
}

void check(const FieldInfo& info, const std::optional<std::string>& value) {
  if (value) check(info, *value);
}

// The form of a time follows all_day: a date's midnight, or any instant.
void check_time(std::string_view name, Timestamp value, bool all_day) {
  require_supported_time(name, value);
  if (all_day && !is_date(value)) {
    invalid(fmt::format("{} must be a date (YYYY-MM-DD) for an all-day event", name));
  }
}

void check_dates(std::string_view name, std::vector<Timestamp>& dates, bool all_day) {
  if (dates.size() > kMaxDates)
    invalid(fmt::format("{} holds more than {} times", name, kMaxDates));
  for (Timestamp t : dates) check_time(name, t, all_day);
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
}

void check_uid(const std::string& uid) {
  if (uid.empty() || uid.size() > 255) invalid("uid must be 1-255 characters");
  for (char c : uid) {
    if (c < 0x20 || c > 0x7e) invalid("uid must be printable ASCII");
  }
}

void check_overrides(EventDraft& c) {
  auto& ovs = c.overrides;
  if (ovs.size() > kMaxDates) invalid(fmt::format("more than {} changed occurrences", kMaxDates));
  if (!ovs.empty() && !c.rrule && c.rdates.empty()) {
    invalid("only an occurrence of a series can be changed");
  }
  const auto& infos = kFieldInfos;
  for (const auto& ov : ovs) {
    check(infos[0], ov.title);
    check(infos[1], ov.description);
    check(infos[2], ov.location);
    check_time("recurrence_id", ov.recurrence_id, c.all_day);
    check_time("start_time", ov.start, c.all_day);
    check_time("end_time", ov.end, c.all_day);
    if (ov.end <= ov.start) invalid("end_time must be after start_time");
  }
  std::sort(ovs.begin(), ovs.end(),
            [](const auto& a, const auto& b) { return a.recurrence_id < b.recurrence_id; });
  for (std::size_t i = 1; i < ovs.size(); ++i) {
    if (ovs[i].recurrence_id == ovs[i - 1].recurrence_id) {
      invalid("an occurrence is changed twice");
    }
  }
}

}  // namespace

void normalize(EventDraft& c) {
  for_each_field([&](const auto& f) {
    using T = std::remove_cvref_t<decltype(f.of(c))>;
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>>) {
      check(f.info, f.of(c));
    }
  });
  check_uid(c.uid);
  const calendar::Zone zone = calendar::Zone::find(c.timezone);
  check_time("start_time", c.start, c.all_day);
  check_time("end_time", c.end, c.all_day);
  if (c.end <= c.start) invalid("end_time must be after start_time");
  if (c.rrule) {
    c.rrule = calendar::normalize_rule(*c.rrule, c.all_day, zone,
                                       c.all_day ? c.start : zone.to_local(c.start));
  }
  check_dates("exdates", c.exdates, c.all_day);
  check_dates("rdates", c.rdates, c.all_day);
  check_overrides(c);
}

std::string generate_uid() {
  const std::string bytes = crypto::random_bytes(16);
  std::string out;
  for (unsigned char b : bytes) out += fmt::format("{:02x}", b);
  return out + "@eventcollab";
}

}  // namespace eventcollab::events
