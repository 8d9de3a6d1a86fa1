// SPDX-License-Identifier: MIT
// What a subscription delivered, collected from the feed's thread and awaited by the test.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "eventcollab/changes.hpp"

namespace eventcollab::test {

class ChangeCollector {
 public:
  /// The callback to subscribe with; the collector must outlive the subscription.
  ChangeCallback callback() {
    return [this](const Change& c, const std::string& cursor) {
      {
        std::lock_guard lock(mutex_);
        changes_.push_back(c);
        cursors_.push_back(cursor);
      }
      cv_.notify_all();
    };
  }

  /// Waits (generously: a busy machine, sanitizers) until `n` changes came; returns them all.
  std::vector<Change> wait_for(std::size_t n,
                               std::chrono::seconds deadline = std::chrono::seconds(30)) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, deadline, [&] { return changes_.size() >= n; });
    return changes_;
  }

  /// Waits until a change of `event` came (for a sentinel written last); returns them all.
  std::vector<Change> wait_for_event(EventId event,
                                     std::chrono::seconds deadline = std::chrono::seconds(30)) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, deadline, [&] {
      for (const auto& c : changes_) {
        if (c.event_id == event) return true;
      }
      return false;
    });
    return changes_;
  }

  std::vector<Change> changes() {
    std::lock_guard lock(mutex_);
    return changes_;
  }
  std::vector<std::string> cursors() {
    std::lock_guard lock(mutex_);
    return cursors_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Change> changes_;
  std::vector<std::string> cursors_;
};

}  // namespace eventcollab::test
