// SPDX-License-Identifier: MIT
// HttpServer: the route table, the cross-origin screen, the one error funnel and the access
// log, over the transport (http/transport/), which alone knows how bytes become requests.
#include "eventcollab/http.hpp"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "http/cross_origin.hpp"
#include "http/error_mapping.hpp"
#include "http/exchange.hpp"
#include "http/routes.hpp"
#include "http/transport/transport.hpp"

namespace eventcollab {
namespace {

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

}  // namespace

struct HttpServer::Impl {
  Impl(Store& s, const HttpOptions& o)
      : store(s),
        options(o),
        cross_origin(o.allowed_origins),
        transport(o, http::TransportHooks{
                         [this](http::Request& req, http::Response& res) { handle(req, res); },
                         [this](const http::Request& req) { return quick(req); },
                         [](http::Response& res, int status, std::string_view detail) {
                           http::write_error(res, status, detail);
                         },
                         o.access_log ? log_hook() : nullptr}) {
    http::add_routes(router);
  }

  Store& store;
  HttpOptions options;
  http::Router router;
  http::CrossOrigin cross_origin;
  http::Transport transport;  // last: its threads use the members above
  int port = 0;

  void handle(http::Request& req, http::Response& res);
  bool quick(const http::Request& req) const;
  void route(const http::Request& req, http::Response& res);
  static std::function<void(const http::Request&, int, std::chrono::duration<double>)> log_hook();
};

void HttpServer::Impl::handle(http::Request& req, http::Response& res) {
  if (cross_origin.screen(req, res, router)) return;
  // The one error funnel: every handler throws, this maps.
  try {
    route(req, res);
  } catch (const Error& e) {
    http::write_error(res, e);
  } catch (const http::RequestError& e) {
    http::write_error(res, e.status, e.what());
  } catch (const nlohmann::json::exception&) {
    http::write_error(res, 400, "malformed JSON body");
  } catch (const std::exception& e) {
    fmt::print(stderr, "http: internal error in {} {}: {}\n", printable(req.method),
               printable(req.path), e.what());
    http::write_error(res, 500, "internal server error");
  } catch (...) {
    fmt::print(stderr, "http: internal error in {} {}\n", printable(req.method),
               printable(req.path));
    http::write_error(res, 500, "internal server error");
  }
}

bool HttpServer::Impl::quick(const http::Request& req) const {
  // A read that crosses a network could hold every connection of the I/O thread while it waits.
  if (!store.reads_are_local()) return false;
  const auto match = router.find(req.method, req.path);
  return match.kind == http::Router::Match::Kind::found && match.route->cost == http::Cost::quick;
}

void HttpServer::Impl::route(const http::Request& req, http::Response& res) {
  const auto match = router.find(req.method, req.path);
  switch (match.kind) {
    case http::Router::Match::Kind::found: {
      http::Exchange exchange(store, req, res, match.params);
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

std::function<void(const http::Request&, int, std::chrono::duration<double>)>
HttpServer::Impl::log_hook() {
  return [](const http::Request& req, int status, std::chrono::duration<double> took) {
    // One write per line, so lines of concurrent requests do not interleave. A request line
    // that could not be parsed leaves method and path empty.
    const std::string line =
        fmt::format("{} {} {} {} {:.3f}ms\n", format_rfc3339(system_now()),
                    req.method.empty() ? "-" : printable(req.method),
                    req.path.empty() ? "-" : printable(req.path), status, took.count() * 1000.0);
    std::fwrite(line.data(), 1, line.size(), stderr);
  };
}

HttpServer::HttpServer(Store& store, HttpOptions options)
    : impl_(std::make_unique<Impl>(store, options)) {}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  if (impl_->port != 0) throw Error(Errc::invalid_argument, "the server is already bound");
  if (port < 0 || port > 65535) {
    throw Error(Errc::invalid_argument, fmt::format("port {} is out of range", port));
  }
  impl_->port = impl_->transport.bind(host, port);
  impl_->cross_origin.set_own(http::origin_of(host, impl_->port));
  return impl_->port;
}

int HttpServer::port() const noexcept { return impl_->port; }

void HttpServer::run() {
  if (impl_->port == 0) throw Error(Errc::invalid_argument, "bind() the server before run()");
  impl_->transport.run();
}

void HttpServer::stop() { impl_->transport.stop(); }

std::size_t HttpServer::open_streams() const noexcept { return impl_->transport.open_streams(); }

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
