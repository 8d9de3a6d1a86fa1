// SPDX-License-Identifier: MIT
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "eventcollab/http.hpp"

namespace eventcollab::cli {
namespace {

// SIGINT/SIGTERM are blocked in every thread and taken by one watcher thread with sigwait, so
// stopping the server happens in ordinary code rather than in an async signal handler.
class ShutdownSignals {
 public:
  /// Blocks the signals; construct this before any other thread exists so all inherit the mask.
  ShutdownSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  }
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  /// Stops `server` on the first SIGINT or SIGTERM.
  void watch(HttpServer& server) {
    thread_ = std::thread([this, &server] {
      int sig = 0;
      sigwait(&signals_, &sig);
      if (!done_.load()) {
        fmt::print(stderr, "received {}, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        server.stop();
      }
    });
  }

  /// Ends the watcher; call before the server is destroyed.
  void finish() {
    if (!thread_.joinable()) return;
    // run() may have returned without a signal (it threw): wake the watcher so it ends.
    done_.store(true);
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

  ~ShutdownSignals() {
    finish();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

 private:
  sigset_t signals_{};
  sigset_t previous_{};
  std::atomic<bool> done_{false};
  std::thread thread_{};
};

// Every open connection is a file descriptor: let the server use as many as the hard limit
// allows (the soft limit is often 1024).
void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Loopback addresses (and localhost) reach only this machine.
bool loopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) return v6.s6_addr[12] == 127;
  }
  return false;
}

// `http://host:port`, with brackets around an IPv6 address.
std::string url_of(const std::string& host, int port) {
  if (host.find(':') != std::string::npos) return fmt::format("http://[{}]:{}", host, port);
  return fmt::format("http://{}:{}", host, port);
}

}  // namespace

void register_serve_command(CLI::App& app, Context& ctx) {
  struct Args {
    std::string host = "127.0.0.1";
    int port = 8000;
    std::size_t threads = HttpOptions{}.threads;
    std::vector<std::string> allowed_origins{};
  };
  auto a = std::make_shared<Args>();
  auto* serve =
      app.add_subcommand("serve", "Serve the REST API (docs/REST.md) until SIGINT or SIGTERM");
  serve->add_option("--host", a->host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", a->port, "TCP port (0 picks a free one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve
      ->add_option("--threads", a->threads,
                   "Worker threads = writes and lists handled at once (quick reads and connections "
                   "need none)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve
      ->add_option("--allow-origin", a->allowed_origins,
                   "Let web pages of ORIGIN (e.g. https://app.example.com) call the API from a "
                   "browser (CORS); repeatable. Other origins get 403")
      ->option_text("ORIGIN");
  serve->footer(examples(
      {"eventcollab --db team.db serve --port 8000", "curl http://127.0.0.1:8000/health"}));
  serve->callback([&ctx, a] {
    HttpOptions options;
    options.threads = a->threads;
    options.allowed_origins = a->allowed_origins;
    options.access_log = ctx.mode() != OutputMode::quiet;
    Store& store = ctx.store();
    ShutdownSignals signals;  // before the server starts any thread
    HttpServer server(store, options);
    const int port = server.bind(a->host, a->port);
    signals.watch(server);
    struct Finish {
      ShutdownSignals& signals;
      ~Finish() { signals.finish(); }  // the watcher holds a reference to the server
    } finish{signals};
    raise_descriptor_limit();
    fmt::print(stderr, "listening on {}\n", url_of(a->host, port));
    if (!loopback(a->host)) {
      fmt::print(stderr,
                 "warning: {} is reachable beyond this machine and serves plain HTTP: tokens "
                 "and passwords cross the network unencrypted (put a TLS proxy in front)\n",
                 a->host);
    }
    std::fflush(stderr);
    server.run();
  });
}

}  // namespace eventcollab::cli
