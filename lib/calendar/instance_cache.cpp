// SPDX-License-Identifier: MIT
#include "calendar/instance_cache.hpp"

#include <chrono>
#include <cstring>

#include "eventcollab/error.hpp"

namespace eventcollab::calendar {
namespace {

using namespace std::chrono;

// Windows of more blocks than this (over a year), and instances longer than kMaxSpan blocks
// (each would be held in every block it crosses), are not worth holding: they expand directly.
constexpr std::int64_t kMaxBlocks = 60;
constexpr std::int64_t kMaxSpan = 4;
// What a map node, a list node and the vector's header cost beside the key and instances.
constexpr std::size_t kEntryOverhead = 160;

std::int64_t secs(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp at(std::int64_t s) { return Timestamp{seconds{s}}; }

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

void put(std::string& out, std::int64_t v) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  out.append(bytes, sizeof v);
}

void put(std::string& out, std::string_view text) {
  put(out, static_cast<std::int64_t>(text.size()));
  out.append(text);
}

// Everything that determines the instances, unambiguously (lengths before variable parts),
// followed by room for the block number.
std::string content_key(const Series& s) {
  std::string k;
  k.reserve(64 + s.zone.name().size() + (s.rrule ? s.rrule->size() : 0) +
            8 * (s.exdates.size() + s.rdates.size()));
  put(k, secs(s.start));
  put(k, secs(s.end));
  k += s.all_day ? 'D' : 'T';
  put(k, s.zone.name());
  k += s.rrule ? 'R' : '-';
  if (s.rrule) put(k, *s.rrule);
  put(k, static_cast<std::int64_t>(s.exdates.size()));
  for (Timestamp t : s.exdates) put(k, secs(t));
  put(k, static_cast<std::int64_t>(s.rdates.size()));
  for (Timestamp t : s.rdates) put(k, secs(t));
  put(k, std::int64_t{0});  // the block
  return k;
}

void set_block(std::string& key, std::int64_t block) {
  std::memcpy(key.data() + key.size() - sizeof block, &block, sizeof block);
}

}  // namespace

InstanceCache::InstanceCache(std::size_t budget_bytes) : shard_budget_(budget_bytes / kShards) {}

InstanceCache::Shard& InstanceCache::shard_of(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

InstanceCache::Block InstanceCache::find(std::string_view key) {
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mutex);
  const auto it = s.index.find(key);
  if (it == s.index.end()) {
    ++s.misses;
    return nullptr;
  }
  ++s.hits;
  s.lru.splice(s.lru.begin(), s.lru, it->second);
  return it->second->block;
}

void InstanceCache::insert(std::string key, Block block) {
  const std::size_t bytes = key.size() + block->capacity() * sizeof(Instance) + kEntryOverhead;
  if (bytes > shard_budget_) return;
  Shard& s = shard_of(key);
  std::lock_guard lock(s.mutex);
  if (s.index.contains(key)) return;  // another thread expanded it meanwhile: the same content
  s.lru.push_front(Entry{std::move(key), std::move(block), bytes});
  s.index.emplace(s.lru.front().key, s.lru.begin());
  s.bytes += bytes;
  while (s.bytes > shard_budget_) {
    const Entry& last = s.lru.back();
    s.bytes -= last.bytes;
    s.index.erase(last.key);
    s.lru.pop_back();
  }
}

void InstanceCache::expand(const Series& series, Timestamp from, Timestamp to,
                           const std::function<bool(const Instance&)>& sink) {
  // A block holds every instance that overlaps it, so a window needs only the blocks it
  // touches (an instance running across a block's edge is in both; it is given once).
  const std::int64_t length = secs(series.end) - secs(series.start);
  const std::int64_t first = floor_div(secs(from), kBlockSeconds);
  const std::int64_t last = floor_div(secs(to) - 1, kBlockSeconds);
  if (length < 0 || length > kMaxSpan * kBlockSeconds || to <= from ||
      last - first + 1 > kMaxBlocks) {
    calendar::expand(series, from, to, sink);
    return;
  }
  const auto block_from = [](std::int64_t n) { return at(n * kBlockSeconds); };
  std::string key = content_key(series);
  std::vector<Block> blocks(static_cast<std::size_t>(last - first + 1));
  for (std::int64_t b = first; b <= last; ++b) {
    set_block(key, b);
    blocks[static_cast<std::size_t>(b - first)] = find(key);
  }
  // Each run of missing blocks is one walk of the rule.
  for (std::int64_t b = first; b <= last;) {
    if (blocks[static_cast<std::size_t>(b - first)]) {
      ++b;
      continue;
    }
    std::int64_t end = b;
    while (end + 1 <= last && !blocks[static_cast<std::size_t>(end + 1 - first)]) ++end;
    std::vector<std::vector<Instance>> fresh(static_cast<std::size_t>(end - b + 1));
    try {
      calendar::expand(series, block_from(b), block_from(end + 1), [&](const Instance& i) {
        for (std::int64_t n = std::max(b, floor_div(secs(i.utc_start), kBlockSeconds));
             n <= end && overlaps(i, block_from(n), block_from(n + 1)); ++n) {
          fresh[static_cast<std::size_t>(n - b)].push_back(i);
        }
        return true;
      });
    } catch (const Error&) {
      // The blocks reach further than the window; whether the window itself is within the
      // step limit is the plain expansion's to say.
      calendar::expand(series, from, to, sink);
      return;
    }
    for (std::int64_t n = b; n <= end; ++n) {
      auto block = std::make_shared<const std::vector<Instance>>(
          std::move(fresh[static_cast<std::size_t>(n - b)]));
      blocks[static_cast<std::size_t>(n - first)] = block;
      set_block(key, n);
      insert(key, std::move(block));
    }
    b = end + 1;
  }
  for (std::int64_t n = first; n <= last; ++n) {
    for (const Instance& i : *blocks[static_cast<std::size_t>(n - first)]) {
      if (i.utc_start >= to) return;
      // One that began before this block was in the block before, and given there.
      if (n > first && i.utc_start < block_from(n)) continue;
      if (overlaps(i, from, to) && !sink(i)) return;
    }
  }
}

void InstanceCache::clear() {
  for (Shard& s : shards_) {
    std::lock_guard lock(s.mutex);
    s.index.clear();
    s.lru.clear();
    s.bytes = 0;
  }
}

InstanceCache::Stats InstanceCache::stats() const {
  Stats out;
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mutex);
    out.hits += s.hits;
    out.misses += s.misses;
    out.bytes += s.bytes;
    out.entries += s.lru.size();
  }
  return out;
}

}  // namespace eventcollab::calendar
