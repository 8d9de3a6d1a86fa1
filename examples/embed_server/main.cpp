// SPDX-License-Identifier: MIT
// Serves the eventcollab REST API from a program of one's own. The program keeps using the
// same Store directly (here: it makes sure a demo user exists), and stops cleanly on Ctrl-C
// or SIGTERM.
//
// Usage: embed_server [DATABASE] [PORT]   (defaults: embed_server.db, 8000; port 0 picks one)
// Then, from another terminal:
//   curl -d 'username=demo&password=demo-password' http://127.0.0.1:8000/auth/login
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iostream>
#include <string>
#include <thread>

#include <eventcollab/eventcollab.hpp>
#include <eventcollab/http.hpp>

namespace ec = eventcollab;

namespace {

void ensure_demo_user(ec::Store& store) {
  try {
    store.auth().register_user("demo", "demo-password");
    std::cout << "registered user demo" << std::endl;
  } catch (const ec::Error& e) {
    if (e.code() != ec::Errc::conflict) throw;  // an earlier run created it
  }
}

// Waits for SIGINT/SIGTERM on its own thread and then asks the server to stop. stop() is not
// async-signal-safe, so it is called from a normal thread, never from a signal handler.
class StopOnSignal {
 public:
  StopOnSignal(ec::HttpServer& server, const sigset_t& signals)
      : thread_([this, &server, signals] {
          const timespec tick{0, 200'000'000};  // re-check done_ every 200 ms
          while (!done_) {
            if (sigtimedwait(&signals, nullptr, &tick) > 0) {
              std::cout << "stopping" << std::endl;
              server.stop();
              return;
            }
          }
        }) {}
  ~StopOnSignal() {
    done_ = true;
    thread_.join();
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before any thread starts, so that every thread inherits the mask
  // and only StopOnSignal receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    ec::Config config = ec::Config::from_env();
    config.database_url = argc > 1 ? argv[1] : "embed_server.db";
    const int wanted_port = argc > 2 ? std::stoi(argv[2]) : 8000;

    ec::Store store = ec::Store::open(config);
    ensure_demo_user(store);

    // The store must outlive the server: declare the server after it.
    ec::HttpServer server(store, {.threads = 4});
    const int port = server.bind("127.0.0.1", wanted_port);
    std::cout << "listening on http://127.0.0.1:" << port << std::endl;  // flush: scripts wait

    {
      StopOnSignal stop_on_signal(server, stop_signals);
      server.run();  // returns once stop() was called and requests in flight are done
    }
    std::cout << "stopped" << std::endl;
    return EXIT_SUCCESS;
  } catch (const ec::Error& e) {
    std::cerr << "error (" << ec::to_string(e.code()) << "): " << e.what() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
  }
  return EXIT_FAILURE;
}
