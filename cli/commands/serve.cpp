// SPDX-License-Identifier: MIT
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

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

}  // namespace

void register_serve_command(CLI::App& app, Context& ctx) {
  struct Args {
    std::string host = "127.0.0.1";
    int port = 8000;
    std::size_t threads = HttpOptions{}.threads;
  };
  auto a = std::make_shared<Args>();
  auto* serve =
      app.add_subcommand("serve", "Serve the REST API of REST_API.md until SIGINT or SIGTERM");
  serve->add_option("--host", a->host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", a->port, "TCP port (0 picks a free one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve
      ->add_option("--threads", a->threads,
                   "Worker threads = keep-alive connections served at once")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve->footer(examples(
      {"eventcollab --db team.db serve --port 8000", "curl http://127.0.0.1:8000/health"}));
  serve->callback([&ctx, a] {
    HttpOptions options;
    options.threads = a->threads;
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
    fmt::print(stderr, "listening on http://{}:{}\n", a->host, port);
    std::fflush(stderr);
    server.run();
  });
}

}  // namespace eventcollab::cli
