// SPDX-License-Identifier: MIT
// A per-Store cache of expanded instances, so that repeated windows over the same series do
// not walk libical's iterator again (Debian's libical spends microseconds per instance).
// Internal to the library.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "calendar/expansion.hpp"

namespace eventcollab::calendar {

/// Expands series like calendar::expand(), remembering the instances that overlap aligned
/// blocks of real time (kBlockSeconds long), so a window reads only the blocks it touches. An
/// entry's key is the whole content that determines the instances (start, end, all-day, zone, rule,
/// exdates, rdates) plus the block, never an event's id or version: a changed, rolled back, deleted
/// and re-created or foreign-written series has other content and simply misses, and an entry is
/// correct for as long as it lives. Least recently used entries go when a shard exceeds its share
/// of the byte budget. Thread-safe: 16 shards, each one mutex held only to look up or insert;
/// instances are shared immutable blocks.
class InstanceCache {
 public:
  /// The length of a block: 7 days of real time, aligned at the Unix epoch. A miss expands
  /// whole blocks, so a longer block makes a cold week dearer.
  static constexpr std::int64_t kBlockSeconds = 7 * 24 * 3600;
  /// The default budget: 16 MiB of keys, instances and ~160 B per entry (~30,000 weekly blocks).
  static constexpr std::size_t kDefaultBudget = 16u << 20;

  explicit InstanceCache(std::size_t budget_bytes = kDefaultBudget);
  InstanceCache(const InstanceCache&) = delete;
  InstanceCache& operator=(const InstanceCache&) = delete;

  /// As calendar::expand(): the same instances, in the same order, the same errors.
  /// Throws Error: as expand().
  void expand(const Series& series, Timestamp from, Timestamp to,
              const std::function<bool(const Instance&)>& sink);

  /// Forgets every entry.
  void clear();

  struct Stats {
    std::uint64_t hits = 0;    ///< blocks found
    std::uint64_t misses = 0;  ///< blocks expanded
    std::size_t bytes = 0;     ///< held now
    std::size_t entries = 0;   ///< held now
  };
  Stats stats() const;

 private:
  using Block = std::shared_ptr<const std::vector<Instance>>;
  struct Entry {
    std::string key;
    Block block;
    std::size_t bytes = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index;
    std::size_t bytes = 0;
    std::uint64_t hits = 0, misses = 0;
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_of(std::string_view key);
  Block find(std::string_view key);
  void insert(std::string key, Block block);

  std::size_t shard_budget_;
  std::array<Shard, kShards> shards_;
};

}  // namespace eventcollab::calendar
