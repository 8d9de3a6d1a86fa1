// SPDX-License-Identifier: MIT
// Raw TCP to the server on 127.0.0.1, for what an HTTP client library will not send:
// malformed requests, stalled requests, many connections at once.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <string_view>

namespace eventcollab::test {

class RawConnection {
 public:
  /// `receive_buffer` > 0 shrinks the socket's receive buffer (before connecting, so the
  /// window stays small): a client that does not read then really stops the server's writes.
  explicit RawConnection(int port, int timeout_seconds = 10, int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    if (receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    timeval tv{timeout_seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }

  /// Sends all of `data`; false when the server closed the connection first.
  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Reads until the server closes the connection or the timeout passes.
  std::string read_all() {
    std::string out;
    char buf[16384];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = n == 0 || errno == ECONNRESET;
        return out;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
  }

  /// Reads one response: the head, then Content-Length bytes of body; or whatever came before
  /// the server closed the connection or the timeout passed.
  std::string read_response() {
    std::string out;
    char buf[16384];
    for (;;) {
      const auto head_end = out.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::size_t length = 0;
        if (const auto at = out.find("Content-Length: "); at < head_end) {
          length = std::stoull(out.substr(at + 16));
        }
        if (out.size() >= head_end + 4 + length) return out;
      }
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = n == 0 || errno == ECONNRESET;
        return out;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
  }

  /// True if the server sent something or closed within `milliseconds`.
  bool wait_readable(int milliseconds) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, milliseconds) > 0;
  }

  /// True if the last read_all() ended because the server closed (not a timeout).
  bool closed_by_server() const noexcept { return closed_; }

  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

 private:
  int fd_ = -1;
  bool closed_ = false;
};

/// The status code of a raw response ("HTTP/1.1 400 Bad Request" -> 400), 0 if none.
inline int status_of(std::string_view response) {
  if (!response.starts_with("HTTP/1.")) return 0;
  const auto space = response.find(' ');
  if (space == std::string_view::npos || response.size() < space + 4) return 0;
  return std::stoi(std::string(response.substr(space + 1, 3)));
}

}  // namespace eventcollab::test
