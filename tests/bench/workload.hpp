// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

// Deterministic content shared by the seeder, the library side and the raw side, so that both
// sides of every comparison write and read the same bytes.
namespace eventcollab::bench {

/// splitmix64: fast, stateless, good enough to scatter owners and times.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// 2026-01-01T00:00:00Z: events start within two years of it.
inline constexpr std::int64_t kEpoch = 1'767'225'600;
/// created_at / updated_at of seeded rows.
inline constexpr std::int64_t kSeededAt = 1'766'000'000;

/// 9999-12-31T23:59:59Z: the span_end of a series that never ends.
inline constexpr std::int64_t kForever = 253'402'300'799;

/// One event's content, in storage form (UTC seconds). Timed, never all-day, no exdates,
/// rdates or overrides; with `rrule` a series without COUNT or UNTIL.
struct Content {
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> location;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string uid{};  ///< empty: a raw floor makes a fresh one (the library generates one)
  std::string timezone{"UTC"};
  std::optional<std::string> rrule{};

  bool series() const { return rrule.has_value(); }
  /// The real span the storage's window queries read (as the library computes it).
  std::int64_t span_start() const { return start; }
  std::int64_t span_end() const { return series() ? kForever : end; }
};

/// The rules and zones of seeded series: a mix of daily, weekly with BYDAY and monthly with
/// BYSETPOS (the last weekday of the month), in three zones.
inline constexpr const char* kSeriesRules[] = {"FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE,FR",
                                               "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"};
inline constexpr const char* kSeriesZones[] = {"Europe/Berlin", "America/New_York", "UTC"};

/// True when seeded event `i` is a series: one in five (20%).
constexpr bool repeats(std::uint64_t i) noexcept { return mix(i ^ 0x5E41E5ull) % 5 == 0; }

/// Makes content number `i` a series when it repeats(), with a rule and zone of its own.
inline void maybe_series(Content& c, std::uint64_t i) {
  if (!repeats(i)) return;
  const std::uint64_t r = mix(i ^ 0x5E41E5ull);
  c.rrule = kSeriesRules[(r >> 8) % 3];
  c.timezone = kSeriesZones[(r >> 16) % 3];
}

/// Content number `i`: ~20-byte title; a ~60-byte description on half; a location on a third.
inline Content content_for(std::uint64_t i) {
  const std::uint64_t r = mix(i ^ 0xC0FFEEull);
  Content c;
  c.title = fmt::format("Event {} planning", i);
  if (r % 2 == 0) {
    c.description = fmt::format("Agenda: review item {}, notes and follow-ups for the team", i);
  }
  if (r % 3 == 0) c.location = fmt::format("Room {}", r % 50);
  c.start = kEpoch + static_cast<std::int64_t>((r >> 8) % (2 * 365 * 24)) * 3600;
  c.end = c.start + 900 * static_cast<std::int64_t>(1 + (r >> 40) % 8);
  return c;
}

/// Seeded users are named user000001, user000002, ... after their id.
inline std::string username_for(std::int64_t id) { return fmt::format("user{:06}", id); }

/// The password of every seeded user.
inline constexpr const char* kPassword = "bench-password-1";

}  // namespace eventcollab::bench
