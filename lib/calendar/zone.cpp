// SPDX-License-Identifier: MIT
#include "calendar/zone.hpp"

#include <date/tz.h>

// ptz.h names hh_mm_ss unqualified under both `using namespace date` and
// `using namespace std::chrono`, which C++20 makes ambiguous; a name in Posix itself wins.
namespace Posix {
template <class Duration>
using hh_mm_ss = date::hh_mm_ss<Duration>;
}
#include <date/ptz.h>

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <stdexcept>

#include "eventcollab/error.hpp"

namespace eventcollab::calendar {

using namespace std::chrono;

// The tz database entry plus the POSIX rule at the end of its TZif file. date/tz 3.0 reads
// only the listed transitions (up to 2037 in Debian's files) and would drop DST after them;
// the file's footer rule is what continues the zone, so later instants use it.
struct ZoneData {
  std::string name;
  const date::time_zone* tz = nullptr;
  std::optional<Posix::time_zone> tail;
  sys_seconds tail_from{};  // instants from here on use `tail`

  date::sys_info info(sys_seconds t) const {
    if (tail && t >= tail_from) return tail->get_info(t);
    return tz->get_info(t);
  }
  date::local_info info(date::local_seconds t) const {
    if (tail && t.time_since_epoch() >= tail_from.time_since_epoch() + days{2}) {
      return tail->get_info(t);
    }
    return tz->get_info(t);
  }
};

namespace {

constexpr std::string_view kUtc = "UTC";

// The footer of a TZif (v2+) file: its last line, e.g. "EST5EDT,M3.2.0,M11.1.0".
std::optional<Posix::time_zone> footer_rule(const std::string& zone_name) {
  std::ifstream in("/usr/share/zoneinfo/" + zone_name, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.size() < 2 || bytes.back() != '\n') return std::nullopt;
  const auto begin = bytes.rfind('\n', bytes.size() - 2);
  if (begin == std::string::npos) return std::nullopt;
  const std::string rule = bytes.substr(begin + 1, bytes.size() - begin - 2);
  if (rule.empty()) return std::nullopt;
  try {
    return Posix::time_zone{rule};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::unique_ptr<ZoneData> load(std::string_view name, const date::time_zone* tz) {
  auto data = std::make_unique<ZoneData>();
  data->name = std::string(name);  // as asked: a link ("US/Eastern") keeps its own name
  data->tz = tz;
  // The last period of the listed transitions lasts "forever": past its start the footer rules.
  const auto last = tz->get_info(date::sys_days{date::year{9000} / 1 / 1});
  data->tail_from = time_point_cast<seconds>(last.begin);
  data->tail = footer_rule(std::string(tz->name()));
  return data;
}

class Registry {
 public:
  const ZoneData* find(std::string_view name) {
    {
      std::shared_lock lock(mutex_);
      if (auto it = zones_.find(name); it != zones_.end()) return it->second.get();
    }
    const date::time_zone* tz = nullptr;
    try {
      tz = date::locate_zone(name);
    } catch (const std::runtime_error&) {
      return nullptr;
    }
    std::unique_lock lock(mutex_);
    auto [it, inserted] = zones_.try_emplace(std::string(name));
    if (inserted) it->second = load(name, tz);
    return it->second.get();
  }

 private:
  std::shared_mutex mutex_;
  std::map<std::string, std::unique_ptr<ZoneData>, std::less<>> zones_;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

bool plausible_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos && name.front() != '/';
}

}  // namespace

Zone Zone::find(std::string_view name) {
  if (name == kUtc) return Zone{};
  const ZoneData* data = plausible_name(name) ? registry().find(name) : nullptr;
  if (data == nullptr) {
    throw Error(Errc::invalid_argument,
                fmt::format("timezone: unknown time zone '{}'", name.substr(0, 64)));
  }
  return Zone{data};
}

bool Zone::exists(std::string_view name) {
  return name == kUtc || (plausible_name(name) && registry().find(name) != nullptr);
}

std::string_view Zone::name() const { return data_ == nullptr ? kUtc : data_->name; }

Timestamp Zone::to_utc(Floating local) const {
  if (data_ == nullptr) return local;
  const date::local_seconds lt{local.time_since_epoch()};
  const auto info = data_->info(lt);
  // unique: its offset; nonexistent (gap): `first` is the period before the gap;
  // ambiguous (overlap): `first` is the earlier instant.
  return Timestamp{local.time_since_epoch() - info.first.offset};
}

Floating Zone::to_local(Timestamp utc) const {
  if (data_ == nullptr) return utc;
  return utc + data_->info(utc).offset;
}

std::string Zone::abbreviation(Timestamp utc) const {
  if (data_ == nullptr) return std::string(kUtc);
  return data_->info(utc).abbrev;
}

}  // namespace eventcollab::calendar
