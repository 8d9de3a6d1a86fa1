// SPDX-License-Identifier: MIT
#include "seed_plan.hpp"

#include <algorithm>

namespace eventcollab::bench {
namespace {

std::int64_t probe_stride(const Shape& s) {
  return std::max<std::int64_t>(1, s.events / std::max<std::int64_t>(1, s.probes * s.probe_owned));
}

constexpr std::int64_t kPage = 100;

// A user seeing n events spans max(1, n / 100) weeks.
std::int64_t span_of(std::int64_t visible) {
  return kWeek * std::max<std::int64_t>(1, visible / kPage);
}

}  // namespace

Shape Shape::make(std::int64_t events, std::int64_t users) {
  Shape s;
  s.events = events;
  s.users = std::max<std::int64_t>(users, s.probes + 10);
  const std::int64_t quota = events / (4 * s.probes);
  s.probe_owned = std::min<std::int64_t>(s.probe_owned, quota);
  s.probe_shared = std::min<std::int64_t>(s.probe_shared, quota);
  return s;
}

bool Shape::is_probe_owned(std::int64_t id) const {
  const std::int64_t stride = probe_stride(*this);
  return id % stride == 0 && id / stride <= probes * probe_owned;
}

std::int64_t Shape::owner_of(std::int64_t id) const {
  if (is_probe_owned(id)) return (id / probe_stride(*this) - 1) % probes + 1;
  // Everyone else's events are scattered over the non-probe users.
  return probes + 1 +
         static_cast<std::int64_t>(mix(static_cast<std::uint64_t>(id)) %
                                   static_cast<std::uint64_t>(users - probes));
}

std::int64_t plan_sizes(const Shape& shape, RowSink& sink) {
  for (std::int64_t id = 2; id <= shape.users; ++id) sink.user(id);

  const std::int64_t probe_share_total = shape.probes * shape.probe_shared;
  const std::int64_t share_stride =
      std::max<std::int64_t>(1, shape.events / std::max<std::int64_t>(1, probe_share_total));
  std::int64_t probe_shares_given = 0;
  std::int64_t shares = 0;
  for (std::int64_t id = 1; id <= shape.events; ++id) {
    Content c = content_for(static_cast<std::uint64_t>(id));
    c.uid = fmt::format("{}@bench", id);
    maybe_series(c, static_cast<std::uint64_t>(id));
    const std::int64_t owner = shape.owner_of(id);
    sink.event(id, owner, c);

    const std::uint64_t r = mix(static_cast<std::uint64_t>(id) ^ 0x5EEDull);
    // Probe shares arrive at a steady rate; one per non-probe event until the quota is met.
    if (!shape.is_probe_owned(id) &&
        probe_shares_given < std::min(probe_share_total, id / share_stride)) {
      sink.share(id, probe_shares_given % shape.probes + 1, probe_shares_given % 2 == 1, c);
      ++probe_shares_given;
      ++shares;
    }
    // Half of all events are shared with one other (non-probe) user.
    if (r % 2 == 0) {
      std::int64_t to = shape.probes + 1 +
                        static_cast<std::int64_t>(
                            (r >> 8) % static_cast<std::uint64_t>(shape.users - shape.probes));
      if (to == owner) to = to == shape.users ? shape.probes + 1 : to + 1;
      sink.share(id, to, (r >> 4) % 2 == 0, c);
      ++shares;
    }
  }
  return shares;
}

std::int64_t plan_visible(const std::vector<std::int64_t>& sizes, RowSink& sink) {
  // Users 1..sizes.size() are measured; the next kVisibleOwners own what is shared with them.
  const auto users = static_cast<std::int64_t>(sizes.size()) + kVisibleOwners;
  for (std::int64_t id = 2; id <= users; ++id) sink.user(id);
  std::int64_t n = 0;
  for (std::size_t u = 0; u < sizes.size(); ++u) {
    const auto viewer = static_cast<std::int64_t>(u) + 1;
    const std::int64_t visible = sizes[u];
    const std::int64_t span = span_of(visible);
    for (std::int64_t j = 0; j < visible; ++j) {
      // Even j owned, odd j shared by one of the owners; starts evenly spread over the span.
      const std::int64_t owner =
          j % 2 == 0 ? viewer : users - kVisibleOwners + 1 + (j / 2) % kVisibleOwners;
      Content c = content_for(static_cast<std::uint64_t>(++n));
      c.uid = fmt::format("{}@bench", n);
      const std::int64_t length = c.end - c.start;
      c.start = kVisibleEnd - span + j * span / visible;
      c.end = c.start + length;
      sink.event(n, owner, c);
      if (owner != viewer) sink.share(n, viewer, j % 4 != 1, c);
    }
  }
  return n;
}

}  // namespace eventcollab::bench
