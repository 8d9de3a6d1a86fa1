// SPDX-License-Identifier: MIT
// Serves the eventcollab REST API from a program of one's own. The program keeps using the
// same Store directly (here: it makes sure a demo user exists), and stops cleanly on Ctrl-C
// or SIGTERM.
//
// Usage: embed_server [DATABASE] [PORT]   (defaults: embed_server.db, 8000; port 0 picks one)
// Then, from another terminal:
//   curl -d 'username=demo&password=demo-password' http://127.0.0.1:8000/auth/login
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

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

}  // namespace

int main(int argc, char** argv) {
  try {
    ec::Config config = ec::Config::from_env();
    config.database_url = argc > 1 ? argv[1] : "embed_server.db";
    const int wanted_port = argc > 2 ? std::stoi(argv[2]) : 8000;

    ec::Store store = ec::Store::open(config);
    ensure_demo_user(store);

    // The store must outlive the server: declare the server after it.
    ec::HttpServer server(store, {.threads = 4});
    const int port = server.bind("127.0.0.1", wanted_port);
    std::cout << "listening on http://127.0.0.1:" << port << std::endl;  // flushed: scripts wait

    // Serves until SIGINT or SIGTERM; requests in flight finish first. A program that has its
    // own signal handling calls run() instead and stop() from another thread.
    if (const int signal = server.run_until_signal(); signal != 0) {
      std::cout << "stopping on signal " << signal << std::endl;
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
