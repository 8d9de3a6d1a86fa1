// SPDX-License-Identifier: MIT
// A writer process for the crash-safety and concurrency tests.
//
//   writer crash <db> <seed> <full|normal>
//     Makes random changes forever. Before each change it prints "? <what>", after the
//     commit "<what>" with the outcome. Lines go out with one write(2) each into a pipe, so a
//     line the test has read was reported before the process died. The test SIGKILLs it.
//   writer contend <db> <seed> <updates> <event id>...
//     Updates the given events with expected versions, retrying on conflict; prints
//     "ok <id> <version>" per committed update. Any other error: message on stderr, exit 2.
//
// Output lines (crash mode):
//   ready
//   C <id> <title>                        created (version 1)
//   B <id> <title> <id> <title> ...       created in one batch
//   U <id> <version> <title>              updated to <version>
//   R <id> <version> <target>             rolled back: <version> has the content of <target>
//   S <id> <user id> <read|write>         shared
//   D <id>                                deleted
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "eventcollab/eventcollab.hpp"

using namespace eventcollab;

namespace {

void say(const std::string& line) {
  const std::string text = line + "\n";
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(1, text.data() + done, text.size() - done);
    if (n <= 0) std::_Exit(4);  // the reader is gone
    done += static_cast<std::size_t>(n);
  }
}

Config config_for(const char* db, Durability durability) {
  Config c;
  c.database_url = db;
  c.secret_key = std::string(32, 'k');
  c.password_iterations = 1000;
  c.durability = durability;
  return c;
}

Principal user(Store& store, const std::string& name) {
  try {
    store.auth().register_user(name, "password-" + name);
  } catch (const Error& e) {
    if (e.code() != Errc::conflict) throw;
  }
  return store.auth().trusted_principal(store.auth().find_user(name).id);
}

std::vector<EventId> visible_events(Store& store, const Principal& who) {
  std::vector<EventId> ids;
  for (std::int64_t skip = 0;; skip += 1000) {
    auto page = store.events().list(who, {.skip = skip, .limit = 1000});
    for (const auto& e : page) ids.push_back(e.id);
    if (page.size() < 1000) return ids;
  }
}

EventDraft draft(std::mt19937_64& rng, const std::string& title) {
  const std::int64_t start = 1'780'000'000 + static_cast<std::int64_t>(rng() % 10'000'000);
  EventDraft d{
      .title = title,
      .start = Timestamp{std::chrono::seconds{start}},
      .end = Timestamp{std::chrono::seconds{start + 60 + static_cast<std::int64_t>(rng() % 7200)}}};
  // Now and then a large description, so a transaction spans several pages.
  if (rng() % 8 == 0)
    d.description = std::string(3000 + rng() % 6000, static_cast<char>('a' + rng() % 26));
  if (rng() % 3 == 0) d.location = "room " + std::to_string(rng() % 100);
  return d;
}

int crash_mode(const char* db, std::uint64_t seed, Durability durability) {
  std::mt19937_64 rng(seed);
  Store store = Store::open(config_for(db, durability));
  const Principal alice = user(store, "alice");
  const Principal others[] = {user(store, "bob"), user(store, "carol")};
  std::vector<EventId> ids = visible_events(store, alice);
  say("ready");

  for (std::uint64_t n = 0;; ++n) {
    const std::string title = "t-" + std::to_string(seed) + "-" + std::to_string(n);
    const auto dice = rng() % 100;
    if (ids.empty() || dice < 25) {
      say("? C " + title);
      const Event e = store.events().create(alice, draft(rng, title));
      ids.push_back(e.id);
      say("C " + std::to_string(e.id) + " " + title);
    } else if (dice < 30) {
      std::vector<EventDraft> drafts;
      std::string intent = "? B";
      for (int i = 0; i < 5; ++i) {
        drafts.push_back(draft(rng, title + "b" + std::to_string(i)));
        intent += " " + drafts.back().title;
      }
      say(intent);
      const auto created = store.events().create_batch(alice, drafts);
      std::string line = "B";
      for (const auto& e : created) {
        ids.push_back(e.id);
        line += " " + std::to_string(e.id) + " " + e.title;
      }
      say(line);
    } else {
      const EventId id = ids[rng() % ids.size()];
      const Event e = store.events().get(alice, id);
      const std::string sid = std::to_string(id);
      if (dice < 70) {
        EventPatch patch{.title = title};
        if (rng() % 4 == 0) patch.description = clear;
        if (rng() % 4 == 0) patch.end = e.end + std::chrono::seconds{60};
        const std::string v = std::to_string(e.version + 1);
        say("? U " + sid + " " + v + " " + title);
        store.events().update(alice, id, patch, e.version);
        say("U " + sid + " " + v + " " + title);
      } else if (dice < 85) {
        const Principal& to = others[rng() % 2];
        const Permission p = rng() % 2 ? Permission::read : Permission::write;
        const std::string what =
            "S " + sid + " " + std::to_string(to.user_id) + " " + std::string(to_string(p));
        say("? " + what);
        store.sharing().share(alice, id, {.id = to.user_id}, p);
        say(what);
      } else if (dice < 97) {
        if (e.version < 2) continue;
        const std::int64_t target = 1 + static_cast<std::int64_t>(rng() % (e.version - 1));
        const std::string what =
            "R " + sid + " " + std::to_string(e.version + 1) + " " + std::to_string(target);
        say("? " + what);
        const Event after = store.history().rollback(alice, id, target);
        // Content already equal to the target writes nothing: report only a real version.
        say(after.version == e.version + 1 ? what : "R0 " + sid);
      } else {
        say("? D " + sid);
        store.events().remove(alice, id);
        std::erase(ids, id);
        say("D " + sid);
      }
    }
  }
}

int contend_mode(const char* db, std::uint64_t seed, int updates, std::vector<EventId> ids) {
  std::mt19937_64 rng(seed);
  Store store = Store::open(config_for(db, Durability::full));
  const Principal alice = user(store, "alice");
  for (int i = 0; i < updates;) {
    const EventId id = ids[rng() % ids.size()];
    const Event e = store.events().get(alice, id);
    try {
      const Event after = store.events().update(
          alice, id, {.title = "p" + std::to_string(seed) + "-" + std::to_string(i)}, e.version);
      say("ok " + std::to_string(id) + " " + std::to_string(after.version));
      ++i;
    } catch (const Error& err) {
      if (err.code() != Errc::conflict) throw;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "crash" && argc == 5) {
      return crash_mode(argv[2], std::strtoull(argv[3], nullptr, 10),
                        std::string(argv[4]) == "normal" ? Durability::normal : Durability::full);
    }
    if (mode == "contend" && argc >= 6) {
      std::vector<EventId> ids;
      for (int i = 5; i < argc; ++i) ids.push_back(std::strtoll(argv[i], nullptr, 10));
      return contend_mode(argv[2], std::strtoull(argv[3], nullptr, 10), std::atoi(argv[4]), ids);
    }
    std::fprintf(stderr,
                 "usage: writer crash <db> <seed> <full|normal>\n"
                 "       writer contend <db> <seed> <updates> <event id>...\n");
    return 64;
  } catch (const Error& e) {
    std::fprintf(stderr, "error (%s): %s\n", std::string(to_string(e.code())).c_str(), e.what());
    return 2;
  }
}
