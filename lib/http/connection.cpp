// SPDX-License-Identifier: MIT
#include "http/connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace eventcollab::http {
namespace {

int milliseconds(std::chrono::milliseconds d) {
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(d.count(), 0, 1'000'000'000));
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

bool poll_socket(socket_t sock, short events, std::chrono::milliseconds timeout) {
  pollfd p{sock, events, 0};
  int n = 0;
  do {
    n = ::poll(&p, 1, milliseconds(timeout));
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

bool ConnectionStream::is_readable() const {
  return buffered() || poll_socket(sock_, POLLIN, read_timeout_);
}

// As httplib's SocketStream: writable, and the peer has not closed its side (a client that
// sent EOF gets no response, as before).
bool ConnectionStream::is_writable() const {
  if (!poll_socket(sock_, POLLOUT, write_timeout_)) return false;
  if (!poll_socket(sock_, POLLIN, std::chrono::milliseconds(0))) return true;
  char byte = 0;
  return ::recv(sock_, &byte, 1, MSG_PEEK) > 0;
}

ssize_t ConnectionStream::read(char* ptr, std::size_t size) {
  if (!buffered()) {
    auto timeout = read_timeout_;
    if (in_head_) {
      const auto now = Clock::now();
      if (!head_deadline_) head_deadline_ = now + head_limit_;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*head_deadline_ - now);
      if (left.count() <= 0) {
        head_expired_ = true;
        return -1;
      }
      timeout = std::min(timeout, left);
    }
    if (!poll_socket(sock_, POLLIN, timeout)) {
      head_expired_ = in_head_ && Clock::now() >= *head_deadline_;
      return -1;
    }
    ssize_t n = 0;
    do {
      n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
  }
  const std::size_t n = std::min(size, end_ - begin_);
  std::memcpy(ptr, buffer_.data() + begin_, n);
  begin_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, std::size_t size) {
  if (!is_writable()) return -1;
  ssize_t n = 0;
  do {
    // The accepted socket carries SO_SNDTIMEO (set by httplib), so this blocks at most the
    // write timeout; MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE.
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    address_of(addr, ip, port);
  }
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    address_of(addr, ip, port);
  }
}

}  // namespace eventcollab::http
