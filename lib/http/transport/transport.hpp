// SPDX-License-Identifier: MIT
// The event-driven HTTP/1.1 transport (Boost.Beast on Asio, in transport.cpp only). A few I/O
// threads read and write every connection; complete requests go to a pool of worker threads,
// since route handlers block on the store, except quick reads (TransportHooks::quick), which
// the I/O thread answers itself. An idle or slow socket never holds a thread.
//
// Per connection: wait for a request (keep-alive idle timeout) -> read the head (read timeout
// from its first byte) -> read the body (read timeout again) -> handler on a worker (or here,
// when quick) -> write
// (write timeout) -> next request, or close. A response with a StreamChannel instead: the head,
// then the channel's text as it comes, until it ends or the client leaves (no request timeout). Any
// response to a request whose framing is in doubt closes the connection, lingering a moment to read
// what the client still sends so that it sees the response rather than a reset.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "eventcollab/http.hpp"
#include "http/message.hpp"

namespace eventcollab::http {

struct TransportHooks {
  /// Answers one request and must not throw. Runs on a worker thread, or on the I/O thread
  /// when `quick` says so.
  std::function<void(Request&, Response&)> handle;
  /// True when `handle` may answer this request on the I/O thread (a few reads by key, no
  /// write, no wait), saving the hand-off to a worker and back. Empty: never.
  std::function<bool(const Request&)> quick;
  /// Fills the response for an error the transport finds itself (400, 408, 413, 431, 501).
  std::function<void(Response&, int status, std::string_view detail)> error;
  /// Called once per response sent (may be empty). `request` is empty (no method) when the
  /// head could not be parsed.
  std::function<void(const Request& request, int status, std::chrono::duration<double> took)> log;
};

class Transport {
 public:
  Transport(const HttpOptions& options, TransportHooks hooks);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Listens on host:port (0: any free port); returns the port. Throws Error: invalid_argument.
  int bind(const std::string& host, int port);
  /// Serves until stop(). Requests being handled or written finish first; connections that
  /// are idle or still sending a request are closed.
  void run();
  /// Safe from any thread, before or during run(); never blocks. Streams end at once.
  void stop();
  /// Streamed responses started and not yet released (their resources freed).
  std::size_t open_streams() const noexcept;

  struct Impl;  // in transport.cpp, with the connections

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventcollab::http
