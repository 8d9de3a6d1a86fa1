// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "eventcollab/http_export.hpp"

namespace eventcollab {

class Store;

/// Settings of the embedded REST server.
struct HttpOptions {
  std::size_t threads = 8;  ///< worker threads = concurrent keep-alive connections served
  std::size_t max_body_bytes = 1024 * 1024;  ///< larger bodies get 413. Default: 1 MiB
  int read_timeout_seconds = 10;             ///< slow clients are cut off after this
  int write_timeout_seconds = 10;
  bool access_log = true;  ///< one line per request on stderr
};

/// The REST adapter of REST_API.md over a Store, in-process. Thread-safe to stop from another
/// thread or a signal-watching thread.
class EVENTCOLLAB_HTTP_EXPORT HttpServer {
 public:
  /// The store must outlive the server.
  explicit HttpServer(Store& store, HttpOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and starts listening; port 0 picks a free port. Returns the bound port.
  /// Throws Error: invalid_argument (cannot bind).
  int bind(const std::string& host, int port = 0);

  /// Serves until stop(); requests in flight finish before it returns.
  void run();

  /// Asks run() to return. Safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventcollab
