// SPDX-License-Identifier: MIT
// A streamed response body (server-sent events): the route fills it from any thread, the
// transport drains it into the socket. It holds no thread and never blocks a writer: text is
// queued (bounded) and the transport is woken to send it; a reader too slow to keep the
// queue under its bound loses the stream (it reconnects and resumes), never the writers.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace eventcollab::http {

class StreamChannel {
 public:
  /// Queued text beyond this ends the stream. Default: 1 MiB.
  explicit StreamChannel(std::size_t max_queued_bytes = 1024 * 1024);

  // The route's side.

  /// Queues `text` for the client. Any thread; never blocks on the socket. Returns false
  /// once the stream has ended (client gone, server stopping, or this push overflowed the
  /// bound, which ends the stream and drops what was queued).
  bool push(std::string_view text);
  /// Ends the stream after what is queued. Any thread.
  void close();
  /// Kept until the stream ends, then released on a worker thread (e.g. a subscription,
  /// whose cancel may wait for its callback). Returns false, keeping nothing, once the
  /// stream has ended: the caller's thread releases it.
  bool hold(std::shared_ptr<void> resource);
  /// Called once, on a worker thread, the next time everything queued has been written
  /// (flow control: a route sending a backlog in pages sends the next one). Set it before
  /// pushing the text it waits for.
  void on_drained(std::function<void()> drained);
  /// Asked on a worker thread at every keep-alive tick; false (or a throw) ends the stream
  /// (e.g. the access token has expired). Set before the handler returns.
  void check_with(std::function<bool()> still_valid);

  // The transport's side.

  /// `wake` is called (from the pushing thread, never under a lock of the caller's) when
  /// text arrives on an empty queue or the stream ends; it must only post work.
  void attach(std::function<void()> wake);
  struct Batch {
    std::string text{};
    bool ended = false;     ///< nothing more will come after `text`
    bool overflow = false;  ///< ended by the bound: drop the connection at once
  };
  /// Takes everything queued.
  Batch take();
  /// After a write that left the queue empty: the on_drained call waiting, if any (now
  /// cleared), to be run on a worker.
  std::function<void()> take_drained();
  /// The keep-alive check (true when none is set).
  bool still_valid() const;
  /// Ends the stream for good and hands back what it held, to be released.
  std::vector<std::shared_ptr<void>> detach();

 private:
  void wake_up(std::unique_lock<std::mutex>& lock);

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::string queue_{};
  bool ended_ = false;
  bool overflow_ = false;
  bool wake_pending_ = false;
  std::shared_ptr<const std::function<void()>> wake_{};
  std::vector<std::shared_ptr<void>> held_{};
  std::function<bool()> still_valid_{};
  std::function<void()> drained_{};
};

}  // namespace eventcollab::http
