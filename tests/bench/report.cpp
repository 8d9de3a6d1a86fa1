// SPDX-License-Identifier: MIT
#include "report.hpp"

#include <openssl/crypto.h>
#include <sys/utsname.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include <fmt/format.h>

namespace eventcollab::bench {
namespace {

std::string first_value(const char* file, std::string_view key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    auto v = line.substr(line.find_first_of(":=") + 1);
    v.erase(0, v.find_first_not_of(" \t\""));
    while (!v.empty() && (v.back() == '"' || v.back() == ' ')) v.pop_back();
    return v;
  }
  return "unknown";
}

std::string label(const OpResult& r) {
  return r.mode.empty() ? r.op : fmt::format("{} ({})", r.op, r.mode);
}

bool is_postgres(std::string_view backend) { return backend == "PostgreSQL"; }

std::string target_of(std::string_view backend, const OpResult& r) {
  if (is_postgres(backend)) {
    if (r.op == "create" || r.op == "update" || r.op == "get") return ">= 0.60x";
    if (r.op == "list") return "p50<=1.5raw";
    return "";
  }
  if (r.op == "create" || r.op == "update") return ">= 0.60x";
  if (r.op == "get") return ">= 0.50x";
  if (r.op == "authenticate") return ">= 100k/s";
  if (r.op == "list") return "p50 < 1 ms";
  return "";
}

const OpResult* find(const SizeResult& s, std::string_view op, std::string_view mode = "") {
  for (const auto& r : s.ops) {
    if (r.op == op && r.mode == mode) return &r;
  }
  return nullptr;
}

std::string count(std::int64_t n) {
  if (n >= 1'000'000 && n % 1'000'000 == 0) return fmt::format("{}M", n / 1'000'000);
  if (n >= 1'000 && n % 1'000 == 0) return fmt::format("{}k", n / 1'000);
  return std::to_string(n);
}

std::string rate(double ops) {
  return ops >= 10'000 ? fmt::format("{:.1f}k", ops / 1000) : fmt::format("{:.0f}", ops);
}

double per_event(std::int64_t bytes, const SizeResult& s) {
  return static_cast<double>(bytes) / static_cast<double>(s.seeded.shape.events);
}

std::string json_stats(const Stats& s) {
  return fmt::format(
      R"({{"ops": {}, "seconds": {:.3f}, "ops_per_s": {:.1f}, "p50_us": {:.2f}, "p99_us": {:.2f}, "cpu_us_per_op": {:.2f}}})",
      s.ops, s.seconds, s.ops_per_s, s.p50_us, s.p99_us, s.cpu_us_per_op);
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out;
}

}  // namespace

Machine describe_machine(const BenchBackend& backend) {
  Machine m;
  m.backend = backend.name();
  m.backend_version = backend.version();
  m.notes = backend.notes();
  m.cpu = first_value("/proc/cpuinfo", "model name");
  m.cores = std::thread::hardware_concurrency();
  m.os = first_value("/etc/os-release", "PRETTY_NAME");
  utsname u{};
  if (uname(&u) == 0) m.kernel = u.release;
  m.openssl = OpenSSL_version(OPENSSL_VERSION);
#if defined(__clang__)
  m.compiler = fmt::format("clang {}", __clang_version__);
#else
  m.compiler = fmt::format("gcc {}", __VERSION__);
#endif
#if defined(NDEBUG) && defined(__OPTIMIZE__)
  m.optimized = true;
#endif
  m.directory = backend.where();
  return m;
}

std::vector<Target> judge(const std::string& backend, const std::vector<SizeResult>& sizes,
                          const VisibleRun* visible) {
  std::vector<Target> out;
  if (!is_postgres(backend) && visible != nullptr && visible->users.size() >= 2) {
    const auto& few = visible->users.front();
    const auto& many = visible->users.back();
    const auto growth = [&](const char* what, const Pair& small, const Pair& large) {
      const double g = large.library.p50_us / small.library.p50_us;
      out.push_back({fmt::format("{} p50 for a user seeing {} events within 2x of one seeing {}",
                                 what, count(many.visible), count(few.visible)),
                     fmt::format("{:.2f}x ({:.0f} us vs {:.0f} us; raw {:.0f} vs {:.0f} us)", g,
                                 large.library.p50_us, small.library.p50_us, large.raw.p50_us,
                                 small.raw.p50_us),
                     g <= 2.0});
    };
    growth("list 100", few.list, many.list);
    growth("one-week window", few.week, many.week);
  }
  // The calendar targets (issue #13), at every size they were measured.
  for (const auto& s : sizes) {
    for (const auto& r : s.calendar) {
      if (r.target.empty()) continue;
      const std::string value = r.ratio_name.empty() || r.target.find("ms") != std::string::npos
                                    ? fmt::format("p50 {:.0f} us", r.library.p50_us)
                                    : fmt::format("{} {:.2f}", r.ratio_name, r.ratio);
      out.push_back(
          {fmt::format("{} at {} events: {}", r.name, count(s.seeded.shape.events), r.target),
           fmt::format("{} (p50 {:.0f} us{})", value, r.library.p50_us,
                       r.beside.empty() ? std::string()
                                        : fmt::format(", {} {:.0f} us", r.beside, r.other.p50_us)),
           r.met});
    }
  }
  if (sizes.empty()) return out;
  const auto worst = [&](std::string_view op, double floor, std::string name) {
    Target t{std::move(name), "", true};
    double lowest = 1e9;
    for (const auto& s : sizes) {
      for (const auto& r : s.ops) {
        if (r.op != op) continue;
        if (r.pair.ratio() < lowest) {
          lowest = r.pair.ratio();
          t.detail = fmt::format("lowest {:.2f}x: {} at {} events", lowest, label(r),
                                 count(s.seeded.shape.events));
        }
      }
    }
    if (t.detail.empty()) return;  // not measured in this run (--only)
    t.met = lowest >= floor;
    out.push_back(std::move(t));
  };
  worst("create", 0.6, "create >= 0.6x raw (full and normal, every size)");
  worst("update", 0.6, "update >= 0.6x raw (full and normal, every size)");
  if (is_postgres(backend)) {
    // The PostgreSQL targets of the issue: get as create and update, and list at the largest
    // size within 1.5x of its floor's time.
    worst("get", 0.6, "get >= 0.6x raw (every size)");
    if (const auto* large = find(sizes.back(), "list")) {
      const double times = large->pair.library.p50_us / large->pair.raw.p50_us;
      out.push_back({fmt::format("list 100 at {} events: p50 <= 1.5x raw",
                                 count(sizes.back().seeded.shape.events)),
                     fmt::format("{:.2f}x (p50 {:.0f} us vs raw {:.0f} us)", times,
                                 large->pair.library.p50_us, large->pair.raw.p50_us),
                     times <= 1.5});
    }
    return out;
  }
  worst("get", 0.5, "get >= 0.5x raw (every size)");

  const auto* small = find(sizes.front(), "list");
  const auto* large = find(sizes.back(), "list");
  if (small != nullptr && large != nullptr) {
    const double p50 = large->pair.library.p50_us;
    out.push_back(
        {fmt::format("list 100 at {} events: p50 < 1 ms", count(sizes.back().seeded.shape.events)),
         fmt::format("p50 {:.0f} us", p50), p50 < 1000});
    // Judged on the two sizes measured side by side when they were (alternating slices), else
    // on each size's own run.
    const auto& side = sizes.back().list_beside_smallest;
    const double large_p50 = side ? side->library.p50_us : p50;
    const double small_p50 = side ? side->raw.p50_us : small->pair.library.p50_us;
    const double growth = large_p50 / small_p50;
    out.push_back(
        {fmt::format("list p50 at {} within 2x of {}{}", count(sizes.back().seeded.shape.events),
                     count(sizes.front().seeded.shape.events),
                     side ? ", measured side by side" : ""),
         fmt::format("{:.2f}x ({:.0f} us vs {:.0f} us)", growth, large_p50, small_p50),
         growth <= 2.0});
  }
  Target auth{"authenticate >= 100,000/s on one core (every size)", "", true};
  double lowest = 1e12;
  for (const auto& s : sizes) {
    if (const auto* r = find(s, "authenticate"); r && r->pair.library.ops_per_s < lowest) {
      lowest = r->pair.library.ops_per_s;
      auth.detail =
          fmt::format("lowest {:.0f}/s at {} events", lowest, count(s.seeded.shape.events));
    }
  }
  auth.met = lowest >= 100'000;
  if (!auth.detail.empty()) out.push_back(std::move(auth));
  return out;
}

void print_text(const Machine& m, const RunOptions& o, const std::vector<SizeResult>& sizes,
                const VisibleRun* visible, const std::vector<Target>& targets,
                double total_seconds) {
  fmt::print(
      "eventcollab-bench on {}: library vs raw {}/OpenSSL floor, same process, same database\n",
      m.backend, m.backend);
  fmt::print("machine: {}, {} cores, {}, kernel {}\n", m.cpu, m.cores, m.os, m.kernel);
  fmt::print("software: {} {}, {}, {}{}\n", m.backend, m.backend_version, m.openssl, m.compiler,
             m.optimized ? ", optimized" : ", NOT OPTIMIZED (numbers are meaningless)");
  fmt::print("databases in: {}; {:.2f} s per side per operation in {} alternating slices\n",
             m.directory, o.seconds, o.slices);
  fmt::print("{}", m.notes);
  for (const auto& s : sizes) {
    const auto& sh = s.seeded.shape;
    fmt::print("\n== {}: {} events, {} users, {} shares (seeded in {:.1f} s) ==\n", m.backend,
               count(sh.events), count(sh.users), s.seeded.shares, s.seeded.seconds);
    fmt::print("{:<18}{:>11}{:>11}{:>9}{:>12}   {:>17}   {:>17}\n", "operation", "library/s",
               "raw/s", "lib/raw", "target", "lib p50/p99 us", "raw p50/p99 us");
    for (const auto& r : s.ops) {
      const auto& l = r.pair.library;
      const auto& w = r.pair.raw;
      fmt::print("{:<18}{:>11}{:>11}{:>9.2f}{:>12}   {:>17}   {:>17}\n", label(r),
                 rate(l.ops_per_s), rate(w.ops_per_s), r.pair.ratio(), target_of(m.backend, r),
                 fmt::format("{:.1f} / {:.1f}", l.p50_us, l.p99_us),
                 fmt::format("{:.1f} / {:.1f}", w.p50_us, w.p99_us));
    }
    if (!s.calendar.empty()) {
      fmt::print(
          "calendar (20% of the events series: daily, weekly BYDAY, monthly BYSETPOS=-1, never "
          "ending,\n  in Europe/Berlin, America/New_York, UTC); rates in calls/s, the expansion "
          "row's in instances/s:\n");
      fmt::print("{:<34}{:>11}{:>21}   {:<24}{:>11}{:>21}{:>9}  {}\n", "row", "library/s",
                 "p50/p99 us", "beside", "beside/s", "p50/p99 us", "ratio", "target");
      for (const auto& r : s.calendar) {
        const auto& l = r.library;
        const auto& w = r.other;
        fmt::print(
            "{:<34}{:>11}{:>21}   {:<24}{:>11}{:>21}{:>9}  {}\n", r.name,
            rate(l.ops_per_s * r.per_call), fmt::format("{:.1f} / {:.1f}", l.p50_us, l.p99_us),
            r.beside.empty() ? "-" : r.beside,
            r.beside.empty() ? "" : rate(w.ops_per_s * r.per_call),
            r.beside.empty() ? "" : fmt::format("{:.1f} / {:.1f}", w.p50_us, w.p99_us),
            r.ratio_name.empty() ? "" : fmt::format("{:.2f}", r.ratio),
            r.target.empty() ? "" : fmt::format("{} [{}]", r.target, r.met ? "met" : "MISSED"));
      }
      for (const auto& r : s.calendar) {
        fmt::print("  {}: {}{}\n", r.name, r.detail,
                   r.ratio_name.empty() ? "" : fmt::format("; ratio = {}", r.ratio_name));
      }
    }
    fmt::print(
        "space: {:.1f} MB = {:.0f} B/event; event row+index {:.0f} B, version row+index {:.0f} "
        "B,\n  shares {:.0f} B, list copies {:.0f} B, users and the rest {:.0f} B (per event, "
        "from {})\n",
        static_cast<double>(s.space.total_bytes) / 1e6, per_event(s.space.total_bytes, s),
        per_event(s.space.event_bytes, s), per_event(s.space.version_bytes, s),
        per_event(s.space.share_bytes, s), per_event(s.space.copy_bytes, s),
        per_event(s.space.other_bytes, s),
        is_postgres(m.backend) ? "pg_total_relation_size" : "dbstat");
  }
  fmt::print("\nlist of 100 visible events (library), p50 / p99:");
  for (const auto& s : sizes) {
    if (const auto* r = find(s, "list")) {
      fmt::print("  {}: {:.0f} / {:.0f} us", count(s.seeded.shape.events), r->pair.library.p50_us,
                 r->pair.library.p99_us);
    }
  }
  if (const auto& side = sizes.back().list_beside_smallest) {
    fmt::print("\n  side by side, alternating: {}: {:.0f} / {:.0f} us  {}: {:.0f} / {:.0f} us",
               count(sizes.front().seeded.shape.events), side->raw.p50_us, side->raw.p99_us,
               count(sizes.back().seeded.shape.events), side->library.p50_us, side->library.p99_us);
  }
  if (visible != nullptr) {
    fmt::print(
        "\n\n== list cost against the events one user sees ({} events in the database, seeded in "
        "{:.1f} s) ==\n"
        "half owned, half shared by others; ~100 of each user's events in the last week of their "
        "span\n",
        visible->events, visible->seed_seconds);
    fmt::print("{:<9}{:>22}{:>11}{:>9}   {:>22}{:>11}{:>9}\n", "visible", "list 100 lib p50/p99",
               "raw p50", "lib/raw", "1-week lib p50/p99", "raw p50", "lib/raw");
    for (const auto& u : visible->users) {
      fmt::print("{:<9}{:>22}{:>11.1f}{:>9.2f}   {:>22}{:>11.1f}{:>9.2f}\n", count(u.visible),
                 fmt::format("{:.1f} / {:.1f} us", u.list.library.p50_us, u.list.library.p99_us),
                 u.list.raw.p50_us, u.list.ratio(),
                 fmt::format("{:.1f} / {:.1f} us", u.week.library.p50_us, u.week.library.p99_us),
                 u.week.raw.p50_us, u.week.ratio());
    }
  }
  fmt::print("\n\ntargets:\n");
  for (const auto& t : targets) {
    fmt::print("  [{}] {}: {}\n", t.met ? "met" : "MISSED", t.name, t.detail);
  }
  fmt::print("\ntotal {:.0f} s\n", total_seconds);
}

void print_json(const Machine& m, const RunOptions& o, const std::vector<SizeResult>& sizes,
                const VisibleRun* visible, const std::vector<Target>& targets,
                double total_seconds) {
  fmt::print(
      "{{\n  \"machine\": {{\"backend\": \"{}\", \"backend_version\": \"{}\", \"cpu\": \"{}\", "
      "\"cores\": {}, \"os\": \"{}\", \"kernel\": \"{}\", \"openssl\": \"{}\", "
      "\"compiler\": \"{}\", \"optimized\": {}, \"directory\": \"{}\"}},\n",
      m.backend, json_escape(m.backend_version), json_escape(m.cpu), m.cores, json_escape(m.os),
      json_escape(m.kernel), json_escape(m.openssl), json_escape(m.compiler), m.optimized,
      json_escape(m.directory));
  fmt::print("  \"options\": {{\"seconds\": {}, \"slices\": {}}},\n", o.seconds, o.slices);
  fmt::print("  \"total_seconds\": {:.1f},\n  \"sizes\": [", total_seconds);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const auto& s = sizes[i];
    const auto& sh = s.seeded.shape;
    fmt::print(
        "{}\n    {{\"events\": {}, \"users\": {}, \"shares\": {}, \"seed_seconds\": {:.2f},\n"
        "     \"space\": {{\"total_bytes\": {}, \"bytes_per_event\": {:.1f}, \"event_bytes\": {}, "
        "\"version_bytes\": {}, \"share_bytes\": {}, \"copy_bytes\": {}, \"other_bytes\": {}}},\n"
        "     \"ops\": [",
        i ? "," : "", sh.events, sh.users, s.seeded.shares, s.seeded.seconds, s.space.total_bytes,
        per_event(s.space.total_bytes, s), s.space.event_bytes, s.space.version_bytes,
        s.space.share_bytes, s.space.copy_bytes, s.space.other_bytes);
    for (std::size_t k = 0; k < s.ops.size(); ++k) {
      const auto& r = s.ops[k];
      fmt::print(
          "{}\n       {{\"op\": \"{}\", \"mode\": \"{}\", \"ratio\": {:.3f},\n"
          "        \"library\": {},\n        \"raw\": {}}}",
          k ? "," : "", r.op, r.mode, r.pair.ratio(), json_stats(r.pair.library),
          json_stats(r.pair.raw));
    }
    fmt::print("],\n     \"calendar\": [");
    for (std::size_t k = 0; k < s.calendar.size(); ++k) {
      const auto& r = s.calendar[k];
      fmt::print(
          "{}\n       {{\"row\": \"{}\", \"detail\": \"{}\", \"instances_per_call\": {}, "
          "\"beside\": \"{}\", \"ratio_name\": \"{}\", \"ratio\": {:.3f}, \"target\": \"{}\", "
          "\"met\": {},\n        \"library\": {},\n        \"beside_stats\": {}}}",
          k ? "," : "", json_escape(r.name), json_escape(r.detail), r.per_call,
          json_escape(r.beside), json_escape(r.ratio_name), r.ratio, json_escape(r.target),
          r.target.empty() ? "null" : (r.met ? "true" : "false"), json_stats(r.library),
          r.beside.empty() ? "null" : json_stats(r.other));
    }
    fmt::print("]");
    if (const auto& side = s.list_beside_smallest) {
      // This size's list and the smallest size's, measured alternating in one run.
      fmt::print(",\n     \"list_beside_smallest\": {{\"this\": {}, \"smallest\": {}}}",
                 json_stats(side->library), json_stats(side->raw));
    }
    fmt::print("}}");
  }
  fmt::print("\n  ],");
  if (visible != nullptr) {
    fmt::print("\n  \"visible\": {{\"events\": {}, \"seed_seconds\": {:.2f}, \"users\": [",
               visible->events, visible->seed_seconds);
    for (std::size_t i = 0; i < visible->users.size(); ++i) {
      const auto& u = visible->users[i];
      fmt::print(
          "{}\n    {{\"visible\": {}, \"list\": {{\"library\": {}, \"raw\": {}}},\n"
          "     \"week\": {{\"library\": {}, \"raw\": {}}}}}",
          i ? "," : "", u.visible, json_stats(u.list.library), json_stats(u.list.raw),
          json_stats(u.week.library), json_stats(u.week.raw));
    }
    fmt::print("]}},");
  }
  fmt::print("\n  \"targets\": [");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    fmt::print("{}\n    {{\"name\": \"{}\", \"detail\": \"{}\", \"met\": {}}}", i ? "," : "",
               json_escape(targets[i].name), json_escape(targets[i].detail), targets[i].met);
  }
  fmt::print("\n  ]\n}}\n");
}

}  // namespace eventcollab::bench
