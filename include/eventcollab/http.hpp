// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "eventcollab/http_export.hpp"

namespace eventcollab {

class Store;

/// Settings of the embedded REST server. Every field has a default.
struct HttpOptions {
  /// Worker threads. Each open keep-alive connection holds one while it lasts, so this is
  /// also how many clients are served at the same time. Default: 16.
  std::size_t threads = 16;
  /// Larger request bodies get 413. Default: 1 MiB.
  std::size_t max_body_bytes = 1024 * 1024;
  /// Slow clients are cut off after this: each read waits at most this long, and a request's
  /// line and headers must all arrive within it in total. Default: 10.
  int read_timeout_seconds = 10;
  /// Default: 10.
  int write_timeout_seconds = 10;
  /// An idle keep-alive connection is closed after this, freeing its thread. Default: 2.
  int keep_alive_timeout_seconds = 2;
  /// Requests served on one connection before it is closed. Default: 100.
  std::size_t keep_alive_max_requests = 100;
  /// One line per request on stderr: method, path (never the query), status, milliseconds.
  /// Default: true.
  bool access_log = true;
};

/// The REST adapter of REST_API.md over a Store, in-process:
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

  /// The port bind() returned, or 0 before bind().
  int port() const noexcept;

  /// Serves until stop(); requests in flight finish before it returns.
  /// Throws Error: invalid_argument (not bound).
  void run();

  /// Asks run() to return; also works before run() has started. Safe from any thread, but
  /// not from a signal handler (use run_until_signal()).
  void stop();

  /// Like run(), but also returns after SIGINT or SIGTERM, which are blocked in the calling
  /// thread (and so in the server's threads) while it runs. Returns the signal number, or 0
  /// when stop() ended the run. Throws Error: invalid_argument (not bound).
  int run_until_signal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventcollab
