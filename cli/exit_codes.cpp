// SPDX-License-Identifier: MIT
#include "exit_codes.hpp"

#include <fmt/format.h>

namespace eventcollab::cli {

// No default: under -Werror (-Wswitch-enum) a new Errc fails the build until it is mapped here.
int exit_code(Errc code) noexcept {
  switch (code) {
    case Errc::internal:
      return kExitInternal;
    case Errc::invalid_argument:
      return 3;
    case Errc::unauthenticated:
      return 4;
    case Errc::forbidden:
      return 5;
    case Errc::not_found:
      return 6;
    case Errc::conflict:
      return 7;
    case Errc::rate_limited:
      return 8;
    case Errc::incompatible_database:
      return 9;
    case Errc::storage:
      return 10;
    case Errc::gone:
      return 12;
  }
  return kExitInternal;
}

std::string exit_code_help() {
  std::string out = "Exit codes:\n";
  auto line = [&](int code, std::string_view what) {
    out += fmt::format("  {:>3}  {}\n", code, what);
  };
  line(kExitOk, "success");
  line(kExitInternal, "internal error (a bug)");
  line(kExitBadInput, "bad input: unreadable file, malformed JSON, no password given");
  line(exit_code(Errc::invalid_argument), "invalid argument (validation failed, bad time, ...)");
  line(exit_code(Errc::unauthenticated),
       "not authenticated (no/expired/revoked token, wrong login)");
  line(exit_code(Errc::forbidden), "forbidden (e.g. a reader tries to write)");
  line(exit_code(Errc::not_found),
       "not found (or not visible to you); also: no database at the path (run `init`)");
  line(exit_code(Errc::conflict), "conflict (username taken, stale --if-version)");
  line(exit_code(Errc::rate_limited), "rate limited (too many failed logins)");
  line(exit_code(Errc::incompatible_database), "incompatible database (foreign or newer file)");
  line(exit_code(Errc::storage), "storage error (database busy, I/O)");
  line(exit_code(Errc::gone), "gone (a change feed cursor older than the history kept)");
  line(kExitCheckProblems, "`check` found problems");
  // CLI11's codes, as CLI11 2.1 returns them (the unknown command is mapped to 109 in main).
  line(105, "usage: a value CLI11 refused");
  line(106, "usage: a required option or argument is missing, or no command given");
  line(107, "usage: an option needs another one");
  line(108, "usage: options that exclude each other (--json with --quiet)");
  out += fmt::format("  {:>3}  {}", 109, "usage: unknown option, command or extra argument");
  return out;
}

}  // namespace eventcollab::cli
