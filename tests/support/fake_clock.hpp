// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "eventcollab/time.hpp"

namespace eventcollab::test {

/// A clock the test moves by hand; Config::clock takes fake.clock().
class FakeClock {
 public:
  explicit FakeClock(std::int64_t start = 1'780'000'000)
      : now_(std::make_shared<std::atomic<std::int64_t>>(start)) {}
  Clock clock() const {
    return [now = now_] { return Timestamp{std::chrono::seconds{now->load()}}; };
  }
  void advance(std::int64_t seconds) { *now_ += seconds; }
  Timestamp now() const { return Timestamp{std::chrono::seconds{now_->load()}}; }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> now_;
};

}  // namespace eventcollab::test
