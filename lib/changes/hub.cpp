// SPDX-License-Identifier: MIT
#include "changes/hub.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/store_core.hpp"

namespace eventcollab::detail {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kBatch = 1000;
// Even when no commit was signalled, look this often: a safety net for a signal lost while
// the watch reconnected to the server.
constexpr auto kIdleLook = 1000ms;
// After a failed read (the server restarting, say), wait this long before the next try.
constexpr auto kRetry = 200ms;

// The hub whose thread this is, if any: a callback that cancels must not wait for itself.
thread_local const ChangeHub* running_hub = nullptr;

}  // namespace

ChangeHub::ChangeHub(StoreCore& core) : core_(core), watch_(core.db->watch_commits()) {
  // The watch exists before the position is read, so no commit falls between them.
  position_ = core_.read([](storage::UnitOfWork& tx) { return tx.change_bounds().first; });
  thread_ = std::thread([this] { run(); });
}

ChangeHub::~ChangeHub() { shutdown(); }

void ChangeHub::shutdown() noexcept {
  stopping_ = true;
  watch_->wake();
  retry_.set();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  for (auto& s : subscribers_) s->cancelled = true;
  subscribers_.clear();
}

void ChangeHub::add(std::shared_ptr<Subscriber> s) {
  {
    std::lock_guard lock(mutex_);
    subscribers_.push_back(std::move(s));
  }
  watch_->wake();  // a subscriber from an older cursor catches up now, not at the next commit
}

void ChangeHub::cancel(Subscriber& s) noexcept {
  s.cancelled = true;
  if (running_hub != this) {
    std::lock_guard wait_out(s.delivering);  // a callback running now finishes first
  }
  std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [&](const auto& p) { return p.get() == &s; });
}

std::vector<std::shared_ptr<Subscriber>> ChangeHub::live_subscribers() {
  std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [](const auto& p) { return p->cancelled.load(); });
  return subscribers_;
}

void ChangeHub::run() {
  running_hub = this;
  while (!stopping_) {
    try {
      deliver_new();
      if (stopping_) break;
      watch_->wait(kIdleLook);
    } catch (const std::exception&) {
      // The database is out of reach for now. Nothing is lost: the next read starts where the
      // last delivery stopped.
      retry_.wait_for(kRetry);
    }
  }
}

void ChangeHub::deliver_new() {
  const auto subscribers = live_subscribers();
  // Subscribers from an older cursor first get what they missed, up to where the others are.
  for (const auto& s : subscribers) {
    if (s->cursor.load() < position_) catch_up(*s, position_);
  }
  std::unordered_map<UserId, std::vector<Subscriber*>> by_user;
  for (const auto& s : subscribers) by_user[s->user].push_back(s.get());
  // Then what is new, read once for everyone.
  for (;;) {
    const auto batch = core_.read(
        [&](storage::UnitOfWork& tx) { return tx.list_changes_after(position_, kBatch); });
    for (const auto& [change, audience] : batch) {
      for (const UserId user : audience) {
        const auto it = by_user.find(user);
        if (it == by_user.end()) continue;
        for (Subscriber* s : it->second) {
          if (s->cursor.load() < change.seq) deliver(*s, change);
        }
      }
      position_ = change.seq;
    }
    if (static_cast<std::int64_t>(batch.size()) < kBatch) break;
    if (stopping_) return;
  }
  // Everyone here has seen all they may see up to the position.
  for (const auto& s : subscribers) {
    std::int64_t seen = s->cursor.load();
    while (seen < position_ && !s->cursor.compare_exchange_weak(seen, position_)) {
    }
  }
}

void ChangeHub::catch_up(Subscriber& s, std::int64_t upto) {
  while (!s.cancelled && !stopping_) {
    const std::int64_t after = s.cursor.load();
    bool gone = false;
    const auto page = core_.read([&](storage::UnitOfWork& tx) {
      const auto [latest, floor] = tx.change_bounds();
      gone = after != 0 && after < floor;
      return gone ? std::vector<Change>{}
                  : tx.list_changes_for(s.user, std::max(after, floor), kBatch);
    });
    if (gone) {
      // Pruned while the subscriber waited to start: it cannot be served exactly once.
      s.cancelled = true;
      return;
    }
    for (const Change& c : page) deliver(s, c);
    if (static_cast<std::int64_t>(page.size()) < kBatch) {
      std::int64_t seen = s.cursor.load();
      while (seen < upto && !s.cursor.compare_exchange_weak(seen, upto)) {
      }
      return;
    }
  }
}

void ChangeHub::deliver(Subscriber& s, const Change& c) {
  std::lock_guard lock(s.delivering);
  if (s.cancelled) return;
  s.cursor = c.seq;  // before the call: the callback may read its handle's cursor
  try {
    s.callback(c, std::to_string(c.seq));
  } catch (...) {
    s.cancelled = true;  // documented: a callback that throws is cancelled
  }
}

}  // namespace eventcollab::detail
