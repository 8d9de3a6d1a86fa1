// SPDX-License-Identifier: MIT
// Embeds libeventcollab: opens a store, registers two users, creates an event, shares it,
// updates it as the other user, then prints the event's history and a diff.
//
// Usage: embed_basic [DATABASE]   (default: embed_basic.db in the current directory)
// The environment is honoured as by the CLI (Config::from_env), e.g. SECRET_KEY.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <eventcollab/eventcollab.hpp>

namespace ec = eventcollab;

namespace {

// Registers a user, or finds them if an earlier run already did: the example can run
// twice on the same file. Only `conflict` (name taken) is expected; anything else propagates.
ec::User register_or_find(ec::Auth& auth, const std::string& name, const std::string& password) {
  try {
    return auth.register_user(name, password);
  } catch (const ec::Error& e) {
    if (e.code() != ec::Errc::conflict) throw;
    return auth.find_user(name);
  }
}

std::string show(const std::optional<std::string>& value) {
  return value ? '"' + *value + '"' : std::string("(none)");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    ec::Config config = ec::Config::from_env();
    config.database_url = argc > 1 ? argv[1] : "embed_basic.db";

    // Opening creates the file if needed and applies the schema migrations.
    ec::Store store = ec::Store::open(config);
    std::cout << "eventcollab " << ec::library_version << ", database " << store.path().string()
              << " at schema version " << store.schema_status().current << '\n';

    ec::Auth& auth = store.auth();
    register_or_find(auth, "alice", "correct horse battery");
    const ec::User bob = register_or_find(auth, "bob", "staple paper clip");

    // A front would receive the token from its client; here we log in directly.
    const ec::TokenPair tokens = auth.login("alice", "correct horse battery");
    const ec::Principal alice = auth.authenticate(tokens.access_token);
    // An application that authenticates its users itself can skip passwords and tokens.
    const ec::Principal bob_principal = auth.trusted_principal(bob.id);

    const ec::Event created =
        store.events().create(alice, {.title = "Standup",
                                      .start = ec::parse_rfc3339("2026-05-04T09:00:00Z"),
                                      .end = ec::parse_rfc3339("2026-05-04T09:15:00+00:00")});
    std::cout << "created event " << created.id << " \"" << created.title << "\" version "
              << created.version << '\n';

    store.sharing().share(alice, created.id, {.username = "bob"}, ec::Permission::write);
    std::cout << "shared with bob: " << ec::to_string(ec::Permission::write) << '\n';

    // Passing the version we last saw makes the update fail instead of overwriting a
    // change made meanwhile.
    const ec::Event updated =
        store.events().update(bob_principal, created.id,
                              {.title = "Daily standup", .location = "Room 4"}, created.version);
    std::cout << "bob updated it to version " << updated.version << '\n';

    try {
      store.events().update(alice, created.id, {.title = "Weekly"}, created.version);
    } catch (const ec::Error& e) {
      std::cout << "stale update refused: " << ec::to_string(e.code()) << '\n';
    }

    std::cout << "history:\n";
    for (const ec::Version& v : store.history().list(alice, created.id)) {
      std::cout << "  v" << v.number << ' ' << ec::to_string(v.change) << " by "
                << v.updated_by_username << ": title \"" << v.title << "\", location "
                << show(v.location) << '\n';
    }

    const ec::Diff diff = store.history().diff(alice, created.id, 1, updated.version);
    std::cout << "diff v" << diff.from << " -> v" << diff.to << ":\n";
    for (const ec::FieldChange& change : diff.changes) {
      std::cout << "  " << change.field << ": " << show(change.old_value) << " -> "
                << show(change.new_value) << '\n';
    }
    return EXIT_SUCCESS;
  } catch (const ec::Error& e) {
    // what() is written for people and never contains a secret.
    std::cerr << "error (" << ec::to_string(e.code()) << "): " << e.what() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
  }
  return EXIT_FAILURE;
}
