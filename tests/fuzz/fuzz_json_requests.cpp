// SPDX-License-Identifier: MIT
// JSON request bodies, as the HTTP adapter receives them, decoded with lib/json/shapes and
// passed into the library operation they are meant for. The first byte picks the route; the
// rest is the body. Anything may be refused, but only with an Error that is not a bug
// (internal) or a storage failure, and whatever is stored must serialise back to valid JSON
// and keep the database consistent.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "eventcollab/eventcollab.hpp"
#include "json/shapes.hpp"

using namespace eventcollab;
namespace js = eventcollab::json;

namespace {

struct World {
  Store store;
  Principal alice, bob;
  EventId shared = 0;  // alice's, shared read with bob
};
std::unique_ptr<World> g;
std::uint64_t g_runs = 0;

Principal user(Store& s, const char* name) {
  s.auth().register_user(name, std::string("password-") + name);
  return s.auth().trusted_principal(s.auth().find_user(name).id);
}

// The event as stored must equal its latest snapshot and serialise (valid UTF-8 only).
void consistent(const Principal& who, const Event& e) {
  const Version v = g->store.history().get(who, e.id, e.version);
  if (v.title != e.title || v.description != e.description || v.location != e.location ||
      v.start != e.start || v.end != e.end) {
    std::abort();
  }
  (void)js::to_json(e).dump();  // throws on invalid UTF-8: the library must have refused it
  (void)js::to_json(v).dump();
}

void run(std::uint8_t route, const js::json& body) {
  Store& s = g->store;
  switch (route % 8) {
    case 0: {
      const auto r = js::parse_register(body);
      (void)js::to_json(s.auth().register_user(r.username, r.password, r.email)).dump();
      break;
    }
    case 1: {
      const auto r = js::parse_login(body);
      (void)s.auth().login(r.username, r.password);
      break;
    }
    case 2:
      (void)s.auth().refresh(js::parse_refresh(body));
      break;
    case 3: {
      const Event e = s.events().create(g->alice, js::parse_event_draft(body));
      consistent(g->alice, e);
      s.events().remove(g->alice, e.id);
      break;
    }
    case 4: {
      const auto drafts = js::parse_event_batch(body);
      for (const Event& e : s.events().create_batch(g->alice, drafts)) {
        consistent(g->alice, e);
        s.events().remove(g->alice, e.id);
      }
      break;
    }
    case 5: {
      const auto r = js::parse_event_update(body);
      const Principal& who = r.version.value_or(0) % 2 ? g->bob : g->alice;
      consistent(who, s.events().update(who, g->shared, r.patch, r.version));
      break;
    }
    case 6: {
      const auto r = js::parse_share(body);
      (void)js::to_json(s.sharing().share(g->alice, g->shared, r.user, r.permission).share).dump();
      s.sharing().set_permission(g->alice, g->shared, g->bob.user_id, Permission::read);
      break;
    }
    case 7:
      (void)js::to_json(s.sharing().set_permission(g->alice, g->shared, g->bob.user_id,
                                                   js::parse_permission(body)))
          .dump();
      s.sharing().set_permission(g->alice, g->shared, g->bob.user_id, Permission::read);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* dir = std::getenv("TMPDIR");
  const std::filesystem::path db = std::filesystem::path(dir != nullptr ? dir : "/tmp") /
                                   ("eventcollab-fuzz-json-" + std::to_string(getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  Config c;
  c.database_url = db.string();
  c.secret_key = std::string(32, 'f');
  c.password_iterations = 1;
  c.durability = Durability::normal;
  c.login_max_failures = 1'000'000;
  Store store = Store::open(c);
  const Principal alice = user(store, "alice");
  const Principal bob = user(store, "bob");
  const Event e = store.events().create(alice, {.title = "shared",
                                                .start = parse_rfc3339("2026-05-01T09:00:00Z"),
                                                .end = parse_rfc3339("2026-05-01T10:00:00Z")});
  store.sharing().share(alice, e.id, {.id = bob.user_id}, Permission::read);
  g.reset(new World{std::move(store), alice, bob, e.id});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto body = js::json::parse(data + 1, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;  // a syntax error is the adapter's 400
  try {
    run(data[0], body);
  } catch (const Error& e) {
    if (e.code() == Errc::internal || e.code() == Errc::storage) std::abort();
  }
  if (++g_runs % 4096 == 0 && !g->store.check().ok()) std::abort();
  return 0;
}
