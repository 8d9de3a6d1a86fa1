// SPDX-License-Identifier: MIT
#include "eventcollab/http.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "http/connection.hpp"
#include "http/error_mapping.hpp"
#include "http/exchange.hpp"
#include "http/routes.hpp"

namespace eventcollab {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

// Set when routing starts; each request runs start to finish on one worker thread.
thread_local SteadyTime request_started{};

// httplib leaves the listening socket open if bind() succeeds but listen never runs; this
// closes it with the server.
class OwnedSocketServer : public httplib::Server {
 public:
  ~OwnedSocketServer() override {
    const auto sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock != INVALID_SOCKET) ::close(sock);
  }

  // httplib 0.11 listens with a backlog of 5: in a burst of connections the rest sit
  // half-open, neither served nor refused, for as long as the client waits. Calling listen()
  // again on the bound socket only raises the backlog (capped by net.core.somaxconn).
  bool raise_backlog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }

 private:
  // httplib's own loop (process_server_socket in 0.11), with our stream: each request's head
  // must arrive within the read timeout in total, not just within it per read. A head cut off
  // by that deadline ends the connection (httplib has answered it with a 400 by then), as the
  // rest of the stream can no longer be framed.
  bool process_and_close_socket(socket_t sock) override {
    using std::chrono::milliseconds;
    const milliseconds read_timeout(read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000);
    const milliseconds write_timeout(write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000);
    http::ConnectionStream stream(sock, read_timeout, write_timeout, read_timeout);
    bool ok = false;
    for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
      const bool next = http::wait_for_request(stream, milliseconds(keep_alive_timeout_sec_ * 1000),
                                               [this] { return svr_sock_ != INVALID_SOCKET; });
      if (!next) break;
      stream.start_request();
      bool connection_closed = false;
      ok = process_request(stream, left == 1, connection_closed,
                           [&stream](httplib::Request&) { stream.head_complete(); });
      if (!ok || connection_closed || stream.head_expired()) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }
};

// Paths are logged, never queries or bodies; control bytes are escaped so a crafted path
// cannot forge log lines.
std::string printable(std::string_view path) {
  std::string out;
  for (unsigned char c : path.substr(0, 256)) {
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("%{:02X}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool chunked(const httplib::Request& req) {
  std::string te = req.get_header_value("Transfer-Encoding");
  for (char& c : te) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return te.find("chunked") != std::string::npos;
}

std::string_view default_detail(int status) {
  switch (status) {
    case 400:
      return "malformed request";
    case 404:
      return "not found";
    case 413:
      return "request body too large";
    case 414:
      return "request URI too long";
    default:
      return "request failed";
  }
}

}  // namespace

struct HttpServer::Impl {
  Impl(Store& s, HttpOptions o) : store(s), options(o) {}

  Store& store;
  HttpOptions options;
  http::Router router;
  OwnedSocketServer server;
  int port = 0;

  std::mutex mutex;
  bool stop_requested = false;
  bool in_run = false;

  void configure();
  void read_and_dispatch(const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& read);
  void dispatch(const httplib::Request& req, const std::string& body, httplib::Response& res);
};

void HttpServer::Impl::configure() {
  http::add_auth_routes(router);
  http::add_event_routes(router);
  http::add_sharing_routes(router);
  http::add_history_routes(router);
  http::add_service_routes(router);

  // Without TCP_NODELAY every response waits for the client's delayed ACK (~40 ms).
  server.set_tcp_nodelay(true);
  const std::size_t threads = options.threads == 0 ? 1 : options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(
      options.keep_alive_max_requests == 0 ? 1 : options.keep_alive_max_requests);
  server.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.write_timeout_seconds, 0);
  server.set_payload_max_length(options.max_body_bytes);
  // httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port
  // and silently take half the connections. SO_REUSEADDR alone still allows a quick restart.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  // Every method goes to one dispatcher so that a known path with another method is a 405,
  // which httplib's per-method tables cannot tell from an unknown path.
  auto bodiless = [this](const httplib::Request& req, httplib::Response& res) {
    dispatch(req, {}, res);
  };
  server.Get(".*", bodiless);
  server.Options(".*", bodiless);
  // Methods with a body read it here, so that the limit also holds for chunked bodies, which
  // httplib 0.11 would read whole before checking anything.
  auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& read) {
    read_and_dispatch(req, res, read);
  };
  server.Post(".*", with_body);
  server.Put(".*", with_body);
  server.Patch(".*", with_body);
  server.Delete(".*", with_body);

  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_started = std::chrono::steady_clock::now();
    // A request without Content-Length or chunked encoding has no body (RFC 9112 §6.3), but
    // httplib 0.11 waits for the connection to close to read one for POST, PUT, PATCH and
    // DELETE: `curl -X DELETE` would hang until the read timeout. Serve those right here.
    if (!req.has_header("Content-Length") && !chunked(req)) {
      dispatch(req, {}, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Statuses httplib sets by itself (400 unparsable request, 413, 414) get the JSON error
  // body too; responses our handlers wrote already have one.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        http::write_error(res, res.status, default_detail(res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));

  // The one error funnel: every handler throws, this maps.
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const Error& e) {
          http::write_error(res, e);
        } catch (const http::BadRequest& e) {
          http::write_error(res, 400, e.what());
        } catch (const nlohmann::json::exception&) {
          http::write_error(res, 400, "malformed JSON body");
        } catch (const std::exception& e) {
          fmt::print(stderr, "http: internal error in {} {}: {}\n", req.method, printable(req.path),
                     e.what());
          http::write_error(res, 500, "internal server error");
        } catch (...) {
          fmt::print(stderr, "http: internal error in {} {}\n", req.method, printable(req.path));
          http::write_error(res, 500, "internal server error");
        }
      });

  if (options.access_log) {
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      double ms = 0;
      if (request_started != SteadyTime{}) {
        ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                       request_started)
                 .count();
        request_started = {};
      }
      // One write per line, so lines of concurrent requests do not interleave.
      // A request line that could not be parsed leaves method and path empty.
      const std::string line =
          fmt::format("{} {} {} {} {:.3f}ms\n", format_rfc3339(system_now()),
                      req.method.empty() ? "-" : req.method,
                      req.path.empty() ? "-" : printable(req.path), res.status, ms);
      std::fwrite(line.data(), 1, line.size(), stderr);
    });
  }
}

void HttpServer::Impl::read_and_dispatch(const httplib::Request& req, httplib::Response& res,
                                         const httplib::ContentReader& read) {
  // Past the limit the rest of the body is read and dropped, so the connection stays in step
  // for the next request; only a body beyond kDrainLimit is cut off (and the connection
  // closed), so a client cannot keep a worker busy forever.
  constexpr std::size_t kDrainLimit = 64 * 1024 * 1024;
  std::string body;
  std::size_t dropped = 0;
  auto receive = [&](const char* data, std::size_t n) {
    if (dropped == 0 && body.size() + n <= options.max_body_bytes) {
      body.append(data, n);
      return true;
    }
    dropped += n;
    return dropped <= kDrainLimit;
  };
  bool complete = false;
  if (req.is_multipart_form_data()) {
    // No route takes multipart bodies: read it (within the limits) and refuse it.
    complete = read([](const httplib::MultipartFormData&) { return true; }, receive);
    if (complete && dropped == 0) {
      http::write_error(res, 400, "multipart bodies are not accepted; send JSON");
      return;
    }
  } else {
    complete = read(receive);
  }
  if (!complete) res.set_header("Connection", "close");  // the rest is still unread
  if (dropped > 0 || res.status == 413) {
    http::write_error(res, 413,
                      fmt::format("request body larger than {} bytes", options.max_body_bytes));
    return;
  }
  if (!complete) {
    http::write_error(res, 400, "the request body could not be read");
    return;
  }
  dispatch(req, body, res);
}

void HttpServer::Impl::dispatch(const httplib::Request& req, const std::string& body,
                                httplib::Response& res) {
  const auto match = router.find(req.method, req.path);
  switch (match.kind) {
    case http::Router::Match::Kind::found: {
      http::Exchange exchange(store, req, body, res, match.params);
      match.route->handler(exchange);
      return;
    }
    case http::Router::Match::Kind::wrong_method:
      res.set_header("Allow", match.allow);
      http::write_error(res, 405, fmt::format("method {} not allowed here", req.method));
      return;
    case http::Router::Match::Kind::unknown_path:
      http::write_error(res, 404, "not found: no such route");
      return;
  }
}

HttpServer::HttpServer(Store& store, HttpOptions options)
    : impl_(std::make_unique<Impl>(store, options)) {
  impl_->configure();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  if (impl_->port != 0) throw Error(Errc::invalid_argument, "the server is already bound");
  if (port < 0 || port > 65535) {
    throw Error(Errc::invalid_argument, fmt::format("port {} is out of range", port));
  }
  const int bound = port == 0 ? impl_->server.bind_to_any_port(host)
                              : (impl_->server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0 || !impl_->server.raise_backlog()) {
    throw Error(Errc::invalid_argument, fmt::format("cannot listen on {}:{}", host, port));
  }
  impl_->port = bound;
  return bound;
}

int HttpServer::port() const noexcept { return impl_->port; }

void HttpServer::run() {
  if (impl_->port == 0) throw Error(Errc::invalid_argument, "bind() the server before run()");
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stop_requested) return;
    impl_->in_run = true;
  }
  // Returns once stop() closed the listening socket and the pool finished the requests
  // it had started.
  impl_->server.listen_after_bind();
  std::lock_guard lock(impl_->mutex);
  impl_->in_run = false;
}

void HttpServer::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stop_requested = true;
  }
  // httplib's stop() does nothing until listen_after_bind() has marked the server running,
  // so a stop() racing a starting run() waits for that moment rather than being lost.
  while (true) {
    {
      std::lock_guard lock(impl_->mutex);
      if (!impl_->in_run) return;
    }
    if (impl_->server.is_running()) {
      impl_->server.stop();
      return;
    }
    std::this_thread::yield();
  }
}

int HttpServer::run_until_signal() {
  if (impl_->port == 0) throw Error(Errc::invalid_argument, "bind() the server before run()");
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  // Blocked before the server thread starts, so it and its workers inherit the mask and the
  // signals queue up for sigtimedwait below instead of killing the process.
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  std::atomic<bool> finished{false};
  std::exception_ptr failure;
  std::thread runner([&] {
    try {
      run();
    } catch (...) {
      failure = std::current_exception();
    }
    finished = true;
  });
  int received = 0;
  const timespec poll{0, 100'000'000};
  while (!finished) {
    const int sig = sigtimedwait(&signals, nullptr, &poll);
    if (sig == SIGINT || sig == SIGTERM) {
      received = sig;
      stop();
      break;
    }
  }
  runner.join();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (failure) std::rethrow_exception(failure);
  return received;
}

}  // namespace eventcollab
