// SPDX-License-Identifier: MIT
// Subscription handles, Store::subscribe, and the store core's side of the feed's thread.
#include <fmt/format.h>

#include "changes/feed.hpp"
#include "changes/hub.hpp"
#include "core/store_impl.hpp"
#include "eventcollab/error.hpp"

namespace eventcollab {

namespace detail {

StoreCore::~StoreCore() {
  if (hub_) hub_->shutdown();  // its thread reads through db, which closes after this
}

std::shared_ptr<ChangeHub> StoreCore::change_hub() {
  std::lock_guard lock(hub_mutex_);
  if (!hub_) {
    hub_ = std::make_shared<ChangeHub>(*this);
    hub_to_tell_.store(hub_.get(), std::memory_order_release);
  }
  return hub_;
}

void StoreCore::tell(ChangeHub& hub) noexcept { hub.poke(); }

}  // namespace detail

Subscription::Subscription() noexcept = default;
Subscription::Subscription(std::shared_ptr<detail::Subscriber> state,
                           std::weak_ptr<detail::ChangeHub> hub)
    : state_(std::move(state)), hub_(std::move(hub)) {}
Subscription::Subscription(Subscription&&) noexcept = default;

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    cancel();
    state_ = std::move(other.state_);
    hub_ = std::move(other.hub_);
  }
  return *this;
}

Subscription::~Subscription() { cancel(); }

void Subscription::cancel() noexcept {
  if (!state_) return;
  if (auto hub = hub_.lock()) {
    hub->cancel(*state_);
  } else {
    state_->cancelled = true;  // the store is gone, and its thread with it
  }
}

bool Subscription::active() const noexcept {
  return state_ && !state_->cancelled && !hub_.expired();
}

std::string Subscription::cursor() const {
  return state_ ? std::to_string(state_->cursor.load()) : std::string("0");
}

namespace {

struct Started {
  std::shared_ptr<detail::Subscriber> state;
  std::shared_ptr<detail::ChangeHub> hub;
};

Started start(detail::StoreCore& core, UserId user, std::int64_t after, ChangeCallback callback) {
  if (!callback) throw Error(Errc::invalid_argument, "a subscription needs a callback");
  Started s{std::make_shared<detail::Subscriber>(user, after, std::move(callback)),
            core.change_hub()};
  s.hub->add(s.state);
  return s;
}

}  // namespace

Subscription Store::subscribe(const Principal& who, ChangeCallback callback) {
  auto& core = live().core;
  const std::int64_t now =
      core.read([](storage::UnitOfWork& tx) { return tx.change_bounds().first; });
  auto [state, hub] = start(core, who.user_id, now, std::move(callback));
  return Subscription(std::move(state), hub);
}

Subscription Store::subscribe(const Principal& who, std::string_view cursor,
                              ChangeCallback callback) {
  auto& impl = live();
  (void)impl.changes.since(who, cursor, 1);  // the cursor's errors, as since() has them
  auto [state, hub] =
      start(impl.core, who.user_id, feed::parse_cursor(cursor), std::move(callback));
  return Subscription(std::move(state), hub);
}

}  // namespace eventcollab
