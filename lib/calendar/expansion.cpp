// SPDX-License-Identifier: MIT
#include "calendar/expansion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "calendar/ical_rule.hpp"
#include "calendar/rule_parts.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab::calendar {
namespace {

using namespace std::chrono;

// The series' instances in order of start: the start first, then the rule's (COUNT and UNTIL
// applied here, not by libical), rdates merged in, exdates left out. Every instance it looks
// at is a step; past kMaxSteps it throws.
class Walker {
 public:
  // Instances that end before `from` may be skipped (when the rule has no COUNT).
  Walker(const Series& series, Timestamp from) : s_(series), length_(series.end - series.start) {
    local_start_ = s_.all_day ? s_.start : s_.zone.to_local(s_.start);
    rdates_.assign(s_.rdates.begin(), s_.rdates.end());
    std::sort(rdates_.begin(), rdates_.end());
    rdates_.erase(std::unique(rdates_.begin(), rdates_.end()), rdates_.end());
    exdates_.assign(s_.exdates.begin(), s_.exdates.end());
    std::sort(exdates_.begin(), exdates_.end());
    if (!s_.rrule) return;
    parts_ = parse_rule(*s_.rrule, s_.all_day);
    rule_.emplace(parts_.pattern, local_start_);
    if (!parts_.count && from > kMinTime + days{800}) skip_before(from);
  }

  std::optional<Instance> next() {
    while (true) {
      if (!pending_ && !rule_done_) {
        pending_ = next_of_rule();
        rule_done_ = !pending_;
      }
      std::optional<Instance> candidate;
      if (rdate_ < rdates_.size()) {
        const Instance rdate = make(rdates_[rdate_]);
        if (!pending_ || rdate.start < pending_->start) {
          candidate = rdate;
          ++rdate_;
          step();
        } else if (rdate.start == pending_->start) {
          ++rdate_;  // the rule has it already
          step();
        }
      }
      if (!candidate) {
        if (!pending_) return std::nullopt;
        candidate = std::exchange(pending_, std::nullopt);
      }
      if (!std::binary_search(exdates_.begin(), exdates_.end(), candidate->recurrence_id)) {
        return candidate;
      }
    }
  }

 private:
  void step() {
    if (++steps_ > kMaxSteps) {
      throw Error(Errc::invalid_argument,
                  fmt::format("rrule: reaching this window takes more than {} steps", kMaxSteps));
    }
  }

  // Lets libical start near the window: from the beginning of the rule's period that holds
  // the first local time whose instance could still reach `from`, so BYSETPOS sees whole
  // periods.
  void skip_before(Timestamp from) {
    const Floating reach = s_.zone.to_local(from) - length_ - days{2};
    const auto day = floor<days>(reach);
    const year_month_day ymd{day};
    sys_days target = day;
    switch (parts_.freq) {
      case Frequency::daily:
        break;
      case Frequency::weekly:
        target = day - days{7};
        break;
      case Frequency::monthly:
        target = sys_days{ymd.year() / ymd.month() / 1};
        break;
      case Frequency::yearly:
        target = sys_days{(ymd.year() - years{1}) / 1 / 1};
        break;
    }
    if (Floating{target} <= local_start_) return;
    if (rule_->skip_to(Floating{target})) {
      first_done_ = true;  // the start lies before the target
      skipped_to_ = Floating{target};
    }
  }

  Instance make(Timestamp start) const {  // an instance starting at `start` (series' form)
    Instance i{start, start, start + length_, start, start + length_};
    if (s_.all_day) {
      i.utc_start = s_.zone.to_utc(start);
      i.utc_end = s_.zone.to_utc(i.end);
    }
    return i;
  }

  std::optional<Instance> next_of_rule() {
    if (!first_done_) {
      first_done_ = true;
      ++produced_;
      step();
      Instance first = make(s_.start);
      last_start_ = first.start;
      return first;
    }
    if (!rule_ || (parts_.count && produced_ >= *parts_.count)) return std::nullopt;
    while (true) {
      step();
      const auto local = rule_->next();
      if (!local) return std::nullopt;
      // RFC 5545: the start is the first instance, whether or not the rule produces it.
      if (*local <= local_start_ || *local < skipped_to_) continue;
      Instance i = make(s_.all_day ? *local : s_.zone.to_utc(*local));
      if (parts_.until && (s_.all_day ? *local : i.utc_start) > *parts_.until) return std::nullopt;
      // Two local times on one instant (a day the zone skipped, e.g. Pacific/Apia's
      // 2011-12-30) are one instance.
      if (last_start_ && i.start <= *last_start_) continue;
      last_start_ = i.start;
      ++produced_;
      return i;
    }
  }

  const Series& s_;
  seconds length_;
  Floating local_start_{};
  RuleParts parts_;
  std::optional<IcalRule> rule_;
  std::vector<Timestamp> rdates_, exdates_;
  std::size_t rdate_ = 0, steps_ = 0;
  std::uint64_t produced_ = 0;
  bool first_done_ = false, rule_done_ = false;
  Floating skipped_to_{kMinTime};
  std::optional<Timestamp> last_start_;
  std::optional<Instance> pending_;
};

}  // namespace

bool overlaps(const Instance& i, Timestamp from, Timestamp to) {
  if (i.utc_start >= to) return false;
  // An all-day instance on a day the zone skipped lasts no time; it still shows at its instant.
  return i.utc_end > from || (i.utc_end == i.utc_start && i.utc_start >= from);
}

void expand(const Series& series, Timestamp from, Timestamp to,
            const std::function<bool(const Instance&)>& sink) {
  Walker walker(series, from);
  while (auto instance = walker.next()) {
    if (instance->utc_start >= to) return;
    if (overlaps(*instance, from, to) && !sink(*instance)) return;
  }
}

std::optional<Instance> find_instance(const Series& series, Timestamp recurrence_id) {
  const Timestamp utc = series.all_day ? series.zone.to_utc(recurrence_id) : recurrence_id;
  Walker walker(series, utc);
  while (auto instance = walker.next()) {
    if (instance->start > recurrence_id) break;
    if (instance->recurrence_id == recurrence_id) return instance;
  }
  return std::nullopt;
}

Timestamp series_end(const Series& series) {
  std::optional<Timestamp> until;
  if (series.rrule) {
    const RuleParts parts = parse_rule(*series.rrule, series.all_day);
    if (!parts.count && !parts.until) return kMaxTime;
    if (parts.until) until = series.all_day ? series.zone.to_utc(*parts.until) : *parts.until;
  }
  // Every instance lasts as long, so the last to start is the last to end.
  const auto last = [&](Timestamp from) -> std::optional<Instance> {
    std::optional<Instance> found;
    Walker walker(series, from);
    while (auto instance = walker.next()) found = instance;
    return found;
  };
  std::optional<Instance> found;
  if (until) {
    // Skips ahead; what it finds is the last instance only if it lies past the skip point
    // (a sparse rule may have none there, and earlier rdates are not the answer then).
    const Timestamp near = *until - days{800};
    found = last(near);
    if (found && found->utc_start < near) found.reset();
  }
  if (!found) found = last(kMinTime);
  if (!found) return series.all_day ? series.zone.to_utc(series.end) : series.end;  // all excluded
  return found->utc_end;
}

}  // namespace eventcollab::calendar
