// SPDX-License-Identifier: MIT
// Waiting for commits to the database, by this process or any other: what lets the change
// feed's thread sleep until there may be something new, instead of reading in a loop.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace eventcollab::storage {

/// Blocks one thread until a commit may have happened. Spurious wake-ups are allowed (the
/// caller reads what is new and finds nothing); a missed commit is not, once wait() returned
/// after it began.
class CommitWatch {
 public:
  CommitWatch() = default;
  CommitWatch(const CommitWatch&) = delete;
  CommitWatch& operator=(const CommitWatch&) = delete;
  virtual ~CommitWatch() = default;

  /// Returns when a commit may have happened since the previous call, when wake() was
  /// called, or after `timeout`. Throws Error: storage (the database cannot be reached; the
  /// caller waits a moment and calls again).
  virtual void wait(std::chrono::milliseconds timeout) = 0;

  /// Makes the current or next wait() return at once. Safe from any thread; never blocks long.
  virtual void wake() noexcept = 0;
};

/// The wake() half shared by the backends: a flag and a condition variable.
class WakeFlag {
 public:
  void set() noexcept {
    {
      std::lock_guard lock(mutex_);
      set_ = true;
    }
    cv_.notify_one();
  }
  /// Waits up to `timeout` for set(); true (and clears it) when it was set.
  bool wait_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const bool was = cv_.wait_for(lock, timeout, [&] { return set_; });
    set_ = false;
    return was;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool set_ = false;
};

}  // namespace eventcollab::storage
