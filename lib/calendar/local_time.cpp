// SPDX-License-Identifier: MIT
// format_local: the one public door to the zone code for fronts that show local times.
#include <chrono>

#include <fmt/format.h>

#include "calendar/zone.hpp"
#include "eventcollab/calendar.hpp"

namespace eventcollab {

std::string format_local(Timestamp t, std::string_view zone) {
  const calendar::Zone z = calendar::Zone::find(zone);
  const calendar::Floating local = z.to_local(t);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss<std::chrono::seconds> time{local - day};
  return fmt::format("{} {:02}:{:02} {}", format_date(std::chrono::year_month_day{day}),
                     time.hours().count(), time.minutes().count(), z.abbreviation(t));
}

}  // namespace eventcollab
