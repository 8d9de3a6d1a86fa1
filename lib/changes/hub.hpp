// SPDX-License-Identifier: MIT
// The feed's thread: one per store, started by the first subscription. It sleeps on the
// backend's commit watch (and on this process's own commits), reads what is new once, and hands
// each change to the subscribers in its audience, in order, each exactly once.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "eventcollab/changes.hpp"
#include "storage/commit_watch.hpp"

namespace eventcollab::detail {

struct StoreCore;

/// One subscription's state, shared by its Subscription handle and the hub.
struct Subscriber {
  Subscriber(UserId u, std::int64_t after, ChangeCallback cb)
      : user(u), callback(std::move(cb)), cursor(after) {}
  const UserId user;
  const ChangeCallback callback;
  std::mutex delivering;  ///< held while the callback runs, so cancel() can wait it out
  std::atomic<bool> cancelled{false};
  std::atomic<std::int64_t> cursor;  ///< the last change delivered, or later when none came
};

class ChangeHub {
 public:
  /// Reads where the feed stands and starts the thread. Throws Error: storage.
  explicit ChangeHub(StoreCore& core);
  ~ChangeHub();
  ChangeHub(const ChangeHub&) = delete;
  ChangeHub& operator=(const ChangeHub&) = delete;

  /// Starts delivering to `s` after its cursor.
  void add(std::shared_ptr<Subscriber> s);
  /// Stops delivering to `s`; waits for a callback of it that is running (unless called from
  /// that callback).
  void cancel(Subscriber& s) noexcept;
  /// A unit of this process committed: look now rather than at the next poll.
  void poke() noexcept { watch_->wake(); }
  /// Stops and joins the thread; every subscriber is cancelled. Idempotent.
  void shutdown() noexcept;

 private:
  void run();
  void deliver_new();
  void catch_up(Subscriber& s, std::int64_t upto);
  void deliver(Subscriber& s, const Change& c);
  std::vector<std::shared_ptr<Subscriber>> live_subscribers();

  StoreCore& core_;
  std::unique_ptr<storage::CommitWatch> watch_;
  std::mutex mutex_;  // guards subscribers_
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  std::int64_t position_ = 0;  // every change up to here was handed out (feed thread only)
  std::atomic<bool> stopping_{false};
  storage::WakeFlag retry_;  // shutdown() ends a wait between retries
  std::thread thread_;
};

}  // namespace eventcollab::detail
