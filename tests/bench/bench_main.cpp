// SPDX-License-Identifier: MIT
// eventcollab-bench: every hot path through the library beside the raw SQLite or PostgreSQL (and
// OpenSSL) work that is its floor, at three database sizes, in one run. See tests/bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backend.hpp"
#include "eventcollab/eventcollab.hpp"
#include "report.hpp"
#include "scenarios.hpp"
#include "visible.hpp"

namespace {

using namespace eventcollab;
using namespace eventcollab::bench;

constexpr const char* kUsage = R"(usage: eventcollab-bench [options]

Measures create, update, get, list (100 visible events) and authenticate through the
library and as raw SQLite or PostgreSQL (and OpenSSL) work on the same database, at three
database sizes (20% of the events series); the calendar rows (occurrences, free/busy, rule
expansion beside libical's bare iterator, a window 100 years on) at the two largest; then
list and a one-week window for users who see 100, 10,000 and 100,000 events.

  --backend B    sqlite (default) or postgres
  --postgres-url URL  with --backend postgres: a server URL allowed to CREATE DATABASE
                 (default: $EVENTCOLLAB_TEST_POSTGRES_URL); each database is made new there
                 and dropped afterwards unless --keep
  --scale X      database sizes 10k*X, 100k*X, 1M*X events over 10k*X users (default 1)
  --sizes A,B,C  explicit event counts instead (users still 10k*scale)
  --seconds S    measuring time per side per operation (default 0.5)
  --slices N     library/raw alternations per measurement (default 8)
  --visible A,B,C  users who see A, B, C events (default 100,10000,100000; half owned, half
                 shared), in their own database: list 100 and a one-week window for each
  --only OPS     measure only these (comma list of get,list,authenticate,create,update,
                 calendar,visible)
  --json         print the results as JSON on stdout (progress stays on stderr)
  --dir PATH     SQLite: where to put the databases (default: a new directory under $TMPDIR
                 or /tmp; it must be on the disk you want to measure, not tmpfs)
  --check        run Store::check() on each seeded database and fail on any problem (the
                 smoke tests do: it proves the bulk loader writes what the library would)
  --keep         keep the databases afterwards
  --reuse        SQLite with --dir: keep databases in DIR itself; PostgreSQL: under fixed
                 names (ecbench_<events>_<users>); reuse one seeded by an earlier run (for
                 profiling; earlier runs' writes stay in it)
)";

struct Options {
  double scale = 1.0;
  std::vector<std::int64_t> sizes{};
  std::vector<std::int64_t> visible{100, 10'000, 100'000};
  RunOptions run{};
  bool json = false;
  bool postgres = false;
  std::string postgres_url{};
  std::filesystem::path dir{};
  bool keep = false;
};

[[noreturn]] void usage_error(const std::string& why) {
  fmt::print(stderr, "eventcollab-bench: {}\n\n{}", why, kUsage);
  std::exit(2);
}

double positive_number(const char* text, const char* name) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v > 0)) usage_error(fmt::format("bad {} '{}'", name, text));
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--scale") {
      o.scale = positive_number(value(), "scale");
    } else if (a == "--seconds") {
      o.run.seconds = positive_number(value(), "seconds");
    } else if (a == "--slices") {
      o.run.slices = static_cast<int>(positive_number(value(), "slices"));
    } else if (a == "--sizes") {
      std::string list = value();
      for (std::size_t p = 0; p <= list.size();) {
        const auto comma = std::min(list.find(',', p), list.size());
        o.sizes.push_back(
            static_cast<std::int64_t>(positive_number(list.substr(p, comma - p).c_str(), "size")));
        p = comma + 1;
      }
    } else if (a == "--visible") {
      o.visible.clear();
      std::string list = value();
      for (std::size_t p = 0; p <= list.size();) {
        const auto comma = std::min(list.find(',', p), list.size());
        o.visible.push_back(static_cast<std::int64_t>(
            positive_number(list.substr(p, comma - p).c_str(), "visible count")));
        p = comma + 1;
      }
    } else if (a == "--only") {
      std::string list = value();
      for (std::size_t p = 0; p <= list.size();) {
        const auto comma = std::min(list.find(',', p), list.size());
        o.run.only.push_back(list.substr(p, comma - p));
        p = comma + 1;
      }
    } else if (a == "--backend") {
      const std::string b = value();
      if (b != "sqlite" && b != "postgres") usage_error("unknown backend '" + b + "'");
      o.postgres = b == "postgres";
    } else if (a == "--postgres-url") {
      o.postgres_url = value();
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--dir") {
      o.dir = value();
    } else if (a == "--reuse") {
      o.run.reuse = true;
      o.keep = true;
    } else if (a == "--check") {
      o.run.check = true;
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--help" || a == "-h") {
      fmt::print("{}", kUsage);
      std::exit(0);
    } else {
      usage_error("unknown option " + a);
    }
  }
  if (o.postgres) {
    if (o.postgres_url.empty()) {
      const char* env = std::getenv("EVENTCOLLAB_TEST_POSTGRES_URL");
      if (env == nullptr || *env == '\0') {
        usage_error("--backend postgres needs --postgres-url or EVENTCOLLAB_TEST_POSTGRES_URL");
      }
      o.postgres_url = env;
    }
    if (database_backend(o.postgres_url) != eventcollab::Backend::postgres) {
      usage_error("--postgres-url must be a postgresql:// or postgres:// URL");
    }
    if (!o.dir.empty()) usage_error("--dir is for SQLite databases");
  } else if (!o.postgres_url.empty()) {
    usage_error("--postgres-url needs --backend postgres");
  }
  if (o.run.reuse && !o.postgres && o.dir.empty()) usage_error("--reuse needs --dir");
  if (o.sizes.empty()) {
    for (double base : {10'000.0, 100'000.0, 1'000'000.0}) {
      o.sizes.push_back(std::max<std::int64_t>(100, static_cast<std::int64_t>(base * o.scale)));
    }
  }
  return o;
}

std::filesystem::path make_dir(const Options& o) {
  if (o.run.reuse) {
    std::filesystem::create_directories(o.dir);
    return o.dir;
  }
  const auto parent = o.dir.empty() ? std::filesystem::temp_directory_path() : o.dir;
  std::filesystem::create_directories(parent);
  std::string pattern = (parent / "eventcollab-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const auto t0 = std::chrono::steady_clock::now();
  std::filesystem::path dir;
  try {
    std::unique_ptr<BenchBackend> backend;
    if (o.postgres) {
      backend = postgres_backend(o.postgres_url, o.run.reuse);
    } else {
      dir = make_dir(o);
      backend = sqlite_backend(dir);
    }
    Config base;
    base.secret_key = "eventcollab-bench-secret-key-0123456789abcdef";
    // Only logins and the one registration use it; nothing measured hashes a password.
    base.password_iterations = 1000;
    const auto users = std::max<std::int64_t>(100, static_cast<std::int64_t>(10'000 * o.scale));

    // The calendar rows run at the two largest sizes (100k and 1M by default).
    std::vector<std::int64_t> by_size = o.sizes;
    std::sort(by_size.rbegin(), by_size.rend());
    const std::int64_t calendar_from = by_size[std::min<std::size_t>(1, by_size.size() - 1)];
    std::vector<SizeResult> results;
    std::vector<Shape> shapes;
    for (std::size_t i = 0; i < o.sizes.size(); ++i) {
      shapes.push_back(Shape::make(o.sizes[i], users));
      results.push_back(
          measure_size(*backend, shapes.back(), base, o.run, o.sizes[i] >= calendar_from));
      // The first and the last size stay until the list's growth is measured between them.
      if (!o.keep && i != 0 && i + 1 != o.sizes.size()) backend->drop(size_label(shapes.back()));
    }
    if (shapes.size() > 1 && o.run.wants("list")) {
      fmt::print(stderr, "list of 100 at {} events beside {}, alternating ...\n",
                 shapes.back().events, shapes.front().events);
      results.back().list_beside_smallest =
          measure_list_growth(*backend, shapes.front(), shapes.back(), base, o.run);
    }
    if (!o.keep) {
      backend->drop(size_label(shapes.front()));
      if (shapes.size() > 1) backend->drop(size_label(shapes.back()));
    }
    std::optional<VisibleRun> visible;
    if (o.run.wants("visible")) {
      visible = measure_visible(*backend, o.visible, base, o.run);
      if (!o.keep) backend->drop(kVisibleLabel);
    }
    const VisibleRun* seen = visible ? &*visible : nullptr;
    const auto targets = judge(backend->name(), results, seen);
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Machine machine = describe_machine(*backend);
    if (o.json) {
      print_json(machine, o.run, results, seen, targets, total);
    } else {
      print_text(machine, o.run, results, seen, targets, total);
    }
    if (!o.keep && !dir.empty()) std::filesystem::remove_all(dir);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "eventcollab-bench: {}\n", e.what());
    if (!dir.empty()) fmt::print(stderr, "databases left in {}\n", dir.string());
    if (o.postgres) fmt::print(stderr, "databases ecbench_* may be left on the server\n");
    return 1;
  }
}
