// SPDX-License-Identifier: MIT
// A minimal client of a server-sent event stream over a plain loopback socket: the test needs
// to see the bytes as they come, drop the connection at any moment, and wait with deadlines.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eventcollab::test {

/// One parsed event of the stream (`id`, `event`, `data` lines; comments are counted apart).
struct SseEvent {
  std::string id{};
  std::string event{};
  std::string data{};
};

class SseClient {
 public:
  using Clock = std::chrono::steady_clock;

  /// Connects and sends `GET target` with the given headers (e.g. Authorization,
  /// Last-Event-ID); then reads the response head (up to `wait`). `receive_buffer` > 0 sets a
  /// small socket receive buffer (a reader that stalls sooner).
  SseClient(int port, const std::string& target, const std::map<std::string, std::string>& headers,
            std::chrono::milliseconds wait = std::chrono::seconds(30), int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
    request += "\r\n";
    std::size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
    const auto deadline = Clock::now() + wait;
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      if (!fill(deadline)) return;
    }
    const auto end = buffer_.find("\r\n\r\n");
    head_ = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    if (head_.size() > 12) status_ = std::stoi(head_.substr(9, 3));
  }
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;
  ~SseClient() { close(); }

  int status() const noexcept { return status_; }
  /// The status line and headers, each line ending in CRLF.
  const std::string& head() const noexcept { return head_; }
  /// The value of header `name` (exact case as the server sends it), or nullopt.
  std::optional<std::string> header(const std::string& name) const {
    const std::string key = "\r\n" + name + ": ";
    const auto at = head_.find(key);
    if (at == std::string::npos) return std::nullopt;
    const auto from = at + key.size();
    return head_.substr(from, head_.find("\r\n", from) - from);
  }
  /// The bytes after the head not yet parsed (for an error body).
  std::string rest(std::chrono::milliseconds wait = std::chrono::seconds(10)) {
    const auto deadline = Clock::now() + wait;
    while (fill(deadline)) {
    }
    return buffer_;
  }

  /// The next event, or nullopt when the stream ended or `wait` passed first.
  std::optional<SseEvent> next(std::chrono::milliseconds wait = std::chrono::seconds(30)) {
    const auto deadline = Clock::now() + wait;
    for (;;) {
      if (auto e = parse()) return e;
      if (!fill(deadline)) return std::nullopt;
    }
  }

  /// Comment lines (`: …`) seen so far.
  int comments() const noexcept { return comments_; }
  /// True once the server closed the connection.
  bool ended() const noexcept { return ended_; }
  /// Waits (up to `wait`) for the server to close, skipping what it still sends.
  bool wait_for_end(std::chrono::milliseconds wait = std::chrono::seconds(30)) {
    const auto deadline = Clock::now() + wait;
    while (!ended_) {
      if (!fill(deadline)) break;
      buffer_.clear();
    }
    return ended_;
  }
  /// Reads until a comment line arrives (up to `wait`); false if none came.
  bool wait_for_comment(std::chrono::milliseconds wait = std::chrono::seconds(30)) {
    const auto deadline = Clock::now() + wait;
    const int before = comments_;
    while (comments_ == before) {
      while (parse()) events_skipped_++;
      if (comments_ != before) break;
      if (!fill(deadline)) return false;
    }
    return true;
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  // Reads what is there (waiting until `deadline`); false on end, error or timeout.
  bool fill(Clock::time_point deadline) {
    if (fd_ < 0 || ended_) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      ended_ = true;
      return false;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  // One complete event (ended by an empty line) from the buffer; comments are counted.
  std::optional<SseEvent> parse() {
    for (;;) {
      const auto end = buffer_.find("\n\n");
      if (end == std::string::npos) return std::nullopt;
      const std::string block = buffer_.substr(0, end + 1);
      buffer_.erase(0, end + 2);
      SseEvent e;
      bool any = false;
      std::size_t from = 0;
      while (from < block.size()) {
        const auto nl = block.find('\n', from);
        const std::string line = block.substr(from, nl - from);
        from = nl + 1;
        if (line.starts_with(":")) {
          ++comments_;
          continue;
        }
        const auto colon = line.find(": ");
        const std::string field = line.substr(0, colon);
        const std::string value = colon == std::string::npos ? "" : line.substr(colon + 2);
        any = true;
        if (field == "id") e.id = value;
        if (field == "event") e.event = value;
        if (field == "data") e.data += value;
      }
      if (any) return e;
    }
  }

  int fd_ = -1;
  int status_ = 0;
  bool ended_ = false;
  int comments_ = 0;
  int events_skipped_ = 0;
  std::string head_{};
  std::string buffer_{};
};

}  // namespace eventcollab::test
