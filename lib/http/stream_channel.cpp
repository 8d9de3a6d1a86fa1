// SPDX-License-Identifier: MIT
#include "http/stream_channel.hpp"

#include <utility>

namespace eventcollab::http {

StreamChannel::StreamChannel(std::size_t max_queued_bytes) : max_queued_(max_queued_bytes) {}

void StreamChannel::wake_up(std::unique_lock<std::mutex>& lock) {
  // One wake per batch: the transport takes the whole queue when it runs.
  if (wake_pending_ || !wake_) return;
  wake_pending_ = true;
  const auto wake = wake_;
  lock.unlock();
  (*wake)();
}

bool StreamChannel::push(std::string_view text) {
  std::unique_lock lock(mutex_);
  if (ended_) return false;
  if (queue_.size() + text.size() > max_queued_) {
    ended_ = true;
    overflow_ = true;
    queue_.clear();
    queue_.shrink_to_fit();
    wake_up(lock);
    return false;
  }
  queue_.append(text);
  wake_up(lock);
  return true;
}

void StreamChannel::close() {
  std::unique_lock lock(mutex_);
  if (ended_) return;
  ended_ = true;
  wake_up(lock);
}

bool StreamChannel::hold(std::shared_ptr<void> resource) {
  {
    std::lock_guard lock(mutex_);
    if (!ended_) {
      held_.push_back(std::move(resource));
      return true;
    }
  }
  return false;  // released on return, outside the lock
}

void StreamChannel::on_drained(std::function<void()> drained) {
  std::function<void()> replaced;  // released outside the lock
  std::lock_guard lock(mutex_);
  replaced = std::exchange(drained_, std::move(drained));
}

std::function<void()> StreamChannel::take_drained() {
  std::lock_guard lock(mutex_);
  if (ended_ || !queue_.empty()) return {};
  return std::exchange(drained_, nullptr);
}

void StreamChannel::check_with(std::function<bool()> still_valid) {
  std::lock_guard lock(mutex_);
  still_valid_ = std::move(still_valid);
}

void StreamChannel::attach(std::function<void()> wake) {
  std::unique_lock lock(mutex_);
  wake_ = std::make_shared<const std::function<void()>>(std::move(wake));
  wake_pending_ = false;
  if (!queue_.empty() || ended_) wake_up(lock);  // what came before the stream started
}

StreamChannel::Batch StreamChannel::take() {
  std::lock_guard lock(mutex_);
  wake_pending_ = false;
  Batch batch;
  batch.text = std::move(queue_);
  queue_.clear();
  batch.ended = ended_;
  batch.overflow = overflow_;
  return batch;
}

bool StreamChannel::still_valid() const {
  std::function<bool()> check;
  {
    std::lock_guard lock(mutex_);
    check = still_valid_;
  }
  try {
    return !check || check();
  } catch (...) {
    return false;
  }
}

std::vector<std::shared_ptr<void>> StreamChannel::detach() {
  std::function<void()> drained;  // released outside the lock
  std::lock_guard lock(mutex_);
  drained = std::exchange(drained_, nullptr);
  ended_ = true;
  wake_.reset();
  queue_.clear();
  still_valid_ = nullptr;
  return std::exchange(held_, {});
}

}  // namespace eventcollab::http
