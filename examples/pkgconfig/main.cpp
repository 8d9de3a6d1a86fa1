// SPDX-License-Identifier: MIT
// The smallest eventcollab program, built without CMake (see build.sh):
// opens a store, registers a user and lists the events they can see.
//
// Usage: pkgconfig_example [DATABASE]   (default: pkgconfig_example.db)
#include <cstdlib>
#include <iostream>

#include <eventcollab/eventcollab.hpp>

int main(int argc, char** argv) {
  namespace ec = eventcollab;
  try {
    ec::Config config = ec::Config::from_env();
    config.database_url = argc > 1 ? argv[1] : "pkgconfig_example.db";
    ec::Store store = ec::Store::open(config);

    ec::User user;
    try {
      user = store.auth().register_user("carol", "a long passphrase");
    } catch (const ec::Error& e) {
      if (e.code() != ec::Errc::conflict) throw;  // an earlier run registered carol
      user = store.auth().find_user("carol");
    }
    const ec::Principal carol = store.auth().trusted_principal(user.id);
    store.events().create(carol, {.title = "Lunch",
                                  .start = ec::parse_rfc3339("2026-05-04T12:00:00Z"),
                                  .end = ec::parse_rfc3339("2026-05-04T13:00:00Z")});
    for (const ec::Event& event : store.events().list(carol)) {
      std::cout << ec::format_rfc3339(event.start) << ' ' << event.title << " ("
                << ec::to_string(event.permission) << ")\n";
    }
    std::cout << "built with eventcollab " << ec::library_version << '\n';
    return EXIT_SUCCESS;
  } catch (const ec::Error& e) {
    std::cerr << "error (" << ec::to_string(e.code()) << "): " << e.what() << '\n';
    return EXIT_FAILURE;
  }
}
