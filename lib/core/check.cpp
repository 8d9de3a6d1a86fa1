// SPDX-License-Identifier: MIT
// Store::check(): the database's own integrity plus the invariants the library promises. The
// queries live in storage/integrity_repository; this file decides what counts as a problem.
#include <fmt/format.h>

#include "core/store_impl.hpp"
#include "eventcollab/error.hpp"
#include "eventcollab/store.hpp"
#include "storage/integrity_repository.hpp"

namespace eventcollab {
namespace {

constexpr std::string_view kSecretSetting = "jwt_secret_key";

// The database, its -wal and -shm that group or others may read: with a generated signing key
// in the file, any of them lets its reader mint tokens for every user.
void find_readable_by_others(const std::filesystem::path& db, std::vector<std::string>& problems) {
  using std::filesystem::perms;
  std::vector<std::string> exposed;
  unsigned mode = 0;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    const auto path = std::filesystem::path(db.string() + suffix);
    const auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st)) continue;
    if ((st.permissions() & (perms::group_read | perms::others_read)) != perms::none) {
      exposed.push_back(path.string());
      if (mode == 0) mode = static_cast<unsigned>(st.permissions() & perms::mask);
    }
  }
  if (exposed.empty()) return;
  std::string files;
  for (const auto& f : exposed) files += " " + f;
  problems.push_back(fmt::format(
      "{} is readable by other users (mode {:04o}) and holds the generated signing key: "
      "anyone who can read it can sign tokens for every user (fix: chmod 600{})",
      db.string(), mode, files));
}

// Runs `fn`, turning damage that stops SQLite reading into a reported problem.
template <class Fn>
void reporting_damage(std::vector<std::string>& problems, Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    if (!storage::is_damage(e)) throw;
    problems.push_back(fmt::format("damaged: {}", e.what()));
  }
}

}  // namespace

CheckReport Store::check() {
  auto& core = live().core;
  CheckReport report;
  bool holds_key = false;
  reporting_damage(report.problems, [&] {
    core.read([&](storage::Transaction& tx) {
      storage::find_sqlite_damage(tx, report.problems);
      storage::find_broken_invariants(tx, report.problems);
      holds_key = storage::has_setting(tx, kSecretSetting);
    });
  });
  if (holds_key) find_readable_by_others(core.path, report.problems);
  return report;
}

CheckReport Store::check_file(const Config& config) {
  config.validate();
  const auto path = config.database_path();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    throw Error(Errc::not_found,
                fmt::format("no database at {} (run `eventcollab init`)", path.string()));
  }
  if (status.type() == std::filesystem::file_type::regular &&
      std::filesystem::file_size(path, ec) == 0 && !ec) {
    return {.problems = {fmt::format(
                "damaged: {} is empty (0 bytes): no eventcollab database in it", path.string())}};
  }
  Config read_only = config;
  read_only.access_mode = AccessMode::read_only;
  read_only.create_if_missing = false;
  // A file whose header or schema SQLite cannot read would be refused by open(): read them
  // first, on a connection of our own, and report such damage. Deeper damage is found by
  // check() below.
  if (status.type() == std::filesystem::file_type::regular) {
    CheckReport report;
    reporting_damage(report.problems, [&] {
      auto conn =
          storage::Connection::open(path, storage::OpenMode::read_only, config.busy_timeout_ms);
      storage::Transaction tx(conn, storage::Behavior::deferred);
      storage::read_schema(tx);
    });
    if (!report.ok()) return report;
  }
  return open(read_only).check();
}

}  // namespace eventcollab
