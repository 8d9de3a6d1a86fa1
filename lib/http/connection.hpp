// SPDX-License-Identifier: MIT
// One accepted connection, read and written the way httplib 0.11's own SocketStream does,
// plus a deadline for each request's head. httplib only bounds each single read by the read
// timeout, so a client sending one header line just inside it held a worker for as long as it
// liked; here the request line and headers together must arrive within the read timeout.
#pragma once

#include <httplib.h>

#include <poll.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>

namespace eventcollab::http {

class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  /// `head_limit`: how long a request line and its headers may take from their first byte.
  ConnectionStream(socket_t sock, std::chrono::milliseconds read_timeout,
                   std::chrono::milliseconds write_timeout, std::chrono::milliseconds head_limit)
      : sock_(sock),
        read_timeout_(read_timeout),
        write_timeout_(write_timeout),
        head_limit_(head_limit) {}

  /// A new request begins: its head clock starts with the next read.
  void start_request() {
    in_head_ = true;
    head_deadline_.reset();
    head_expired_ = false;
  }
  /// The head was read (httplib's setup_request hook); the body has only the read timeout.
  void head_complete() { in_head_ = false; }
  /// True if reading the current request's head ran past its deadline.
  bool head_expired() const { return head_expired_; }
  /// True if bytes already received wait in the buffer (a pipelined request).
  bool buffered() const { return begin_ < end_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  socket_t sock_;
  std::chrono::milliseconds read_timeout_, write_timeout_, head_limit_;
  bool in_head_ = false;
  bool head_expired_ = false;
  std::optional<Clock::time_point> head_deadline_{};
  // httplib reads the head one byte per call; the buffer keeps that to one recv per packet.
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0, end_ = 0;
};

/// True when `sock` is ready for `events` (POLLIN, POLLOUT) within `timeout`; a hang-up or
/// an error counts as ready, so the next read or write sees it.
bool poll_socket(socket_t sock, short events, std::chrono::milliseconds timeout);

/// Waits up to `timeout` for the next request on an idle connection, asking `keep_going`
/// every 100 ms (false once the server stops). False when the time passed or the server
/// stopped; a peer that closed counts as a request, which then reads nothing.
template <class KeepGoing>
bool wait_for_request(const ConnectionStream& stream, std::chrono::milliseconds timeout,
                      KeepGoing&& keep_going) {
  if (stream.buffered()) return true;
  const auto deadline = ConnectionStream::Clock::now() + timeout;
  while (keep_going()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - ConnectionStream::Clock::now());
    if (left.count() <= 0) return false;
    if (poll_socket(stream.socket(), POLLIN, std::min(left, std::chrono::milliseconds(100)))) {
      return true;
    }
  }
  return false;
}

}  // namespace eventcollab::http
