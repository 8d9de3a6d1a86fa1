// SPDX-License-Identifier: MIT
#include "calendar/ical_rule.hpp"

#include <libical/ical.h>

#include <chrono>

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab::calendar {
namespace {

using namespace std::chrono;

icaltimetype to_ical(Floating local) {
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  icaltimetype t = icaltime_null_time();
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.hour = static_cast<int>(hms.hours().count());
  t.minute = static_cast<int>(hms.minutes().count());
  t.second = static_cast<int>(hms.seconds().count());
  t.is_date = 0;
  return t;
}

Floating from_ical(const icaltimetype& t) {
  const year_month_day ymd{year{t.year}, month{static_cast<unsigned>(t.month)},
                           day{static_cast<unsigned>(t.day)}};
  return Floating{sys_days{ymd}} + hours{t.hour} + minutes{t.minute} + seconds{t.second};
}

}  // namespace

std::string ical_text(Floating local) {
  const icaltimetype t = to_ical(local);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", t.year, t.month, t.day, t.hour, t.minute,
                     t.second);
}

void IcalRule::Free::operator()(icalrecur_iterator_impl* it) const { icalrecur_iterator_free(it); }

IcalRule::IcalRule(const std::string& pattern, Floating dtstart) {
  const icalrecurrencetype rule = icalrecurrencetype_from_string(pattern.c_str());
  if (rule.freq == ICAL_NO_RECURRENCE) {
    icalerror_clear_errno();
    throw Error(Errc::invalid_argument, "rrule: the rule is malformed");
  }
  // A null iterator (libical finds nothing to start from) is an empty rule, not an error.
  it_.reset(icalrecur_iterator_new(rule, to_ical(dtstart)));
  icalerror_clear_errno();
}

bool IcalRule::skip_to(Floating local) {
  if (!it_) return false;
  if (floor<days>(local) > sys_days{year{kLastIcalYear} / 12 / 31}) {
    it_.reset();  // nothing left in libical's range
    return true;
  }
  return icalrecur_iterator_set_start(it_.get(), to_ical(local)) != 0;
}

std::optional<Floating> IcalRule::next() {
  if (!it_) return std::nullopt;
  const icaltimetype t = icalrecur_iterator_next(it_.get());
  if (icaltime_is_null_time(t)) {
    it_.reset();
    return std::nullopt;
  }
  return from_ical(t);
}

}  // namespace eventcollab::calendar
