// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "eventcollab/http_export.hpp"

namespace eventcollab {

class Store;

/// Settings of the embedded REST server. Every field has a default; values below 1 count as 1.
///
/// Connections are served by a few I/O threads, event-driven: an idle or slow connection holds
/// no thread, only a file descriptor (`ulimit -n` bounds them; `eventcollab serve` raises it).
/// Quick reads (one event or version, a diff, /auth/me, /health) are answered on an I/O thread
/// when the store's reads are local (Store::reads_are_local(): SQLite); on a server database
/// every request runs on a worker, so a slow round trip never holds the I/O thread.
struct HttpOptions {
  /// Worker threads that run writes and lists (each blocks on the store while it runs): how
  /// many of those are handled at once, not how many connections are open. Default: 16.
  std::size_t threads = 16;
  /// Threads that read and write the connections. Default: 1.
  int io_threads = 1;
  /// Larger request bodies get 413 (and the connection is closed). Default: 1 MiB.
  std::size_t max_body_bytes = 1024 * 1024;
  /// A request's line and headers must arrive within this from their first byte, and its
  /// body within this again; else 408 and the connection is closed. Also how long a new
  /// connection may wait before sending its first byte. Default: 10.
  int read_timeout_seconds = 10;
  /// A response must be written within this; else the connection is closed. Default: 10.
  int write_timeout_seconds = 10;
  /// An idle keep-alive connection is closed after this. Default: 2.
  int keep_alive_timeout_seconds = 2;
  /// Requests served on one connection before it is closed. Default: 100.
  std::size_t keep_alive_max_requests = 100;
  /// An open event stream (`GET /changes/stream`) gets a comment line this often, and its
  /// access token is checked again then: an expired or revoked token ends the stream.
  /// Streams are not subject to the read and keep-alive timeouts. Default: 15.
  int stream_keep_alive_seconds = 15;
  /// Web origins (e.g. `https://app.example.com`, compared exactly) whose pages may call the
  /// API from a browser: their requests get CORS headers and preflight answers. A request
  /// with any other `Origin` than the server's own (`http://` + the Host it was sent to) is
  /// refused with 403. Default: none.
  std::vector<std::string> allowed_origins{};
  /// One line per request on stderr: method, path (never the query), status, milliseconds.
  /// Default: true.
  bool access_log = true;
};

/// The REST adapter (the contract is docs/REST.md) over a Store, in-process:
/// ```
/// eventcollab::HttpServer server(store, {.threads = 8});
/// int port = server.bind("127.0.0.1", 8000);
/// server.run_until_signal();   // or run() here and stop() from another thread
/// ```
class EVENTCOLLAB_HTTP_EXPORT HttpServer {
 public:
  /// The store must outlive the server.
  explicit HttpServer(Store& store, HttpOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and starts listening (clients may connect at once); port 0 picks a free port.
  /// Returns the bound port. Throws Error: invalid_argument (cannot bind host:port).
  int bind(const std::string& host, int port = 0);

  /// The port bind() returned, or 0 before bind(). Throws: nothing.
  int port() const noexcept;

  /// Serves until stop(); requests being handled finish and are answered before it returns,
  /// connections that are idle or still sending a request are closed.
  /// Throws Error: invalid_argument (not bound).
  void run();

  /// Asks run() to return; also works before run() has started. Never blocks. Safe from any
  /// thread, but not from a signal handler (use run_until_signal()). Throws: nothing.
  void stop();

  /// Like run(), but also returns after SIGINT or SIGTERM, which are blocked in the calling
  /// thread (and so in the server's threads) while it runs. Returns the signal number, or 0
  /// when stop() ended the run. Throws Error: invalid_argument (not bound).
  int run_until_signal();

  /// Event streams open now (their subscriptions not yet cancelled): for monitoring and
  /// tests. Throws: nothing.
  std::size_t open_streams() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventcollab
