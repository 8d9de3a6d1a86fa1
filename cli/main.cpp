// SPDX-License-Identifier: MIT
// `eventcollab`: every library operation from the command line. Commands only parse, call one
// library operation and print; the rules live in the library.
#include <cstdio>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "context.hpp"
#include "exit_codes.hpp"
#include "output/human.hpp"

namespace eventcollab::cli {

std::string examples(std::initializer_list<std::string_view> lines) {
  std::string out = "Examples:";
  for (auto line : lines) out += fmt::format("\n  {}", line);
  return out;
}

namespace {

// The path of the deepest subcommand that was being parsed ("eventcollab event create").
std::string command_path(const CLI::App* app) {
  std::string path = app->get_name();
  while (!app->get_subcommands().empty()) {
    app = app->get_subcommands().front();
    path += " " + app->get_name();
  }
  return path;
}

// CLI11 reports `eventcollab frobnicate` as a missing subcommand (RequiredError, 106) with the
// unknown word left over; it is an unexpected argument (ExtrasError, 109) instead.
bool is_unknown_command(const CLI::App* app, const CLI::Error& e) {
  return e.get_name() == "RequiredError" && !app->remaining(true).empty() &&
         std::string_view(e.what()).find("subcommand") != std::string_view::npos;
}

// Usage errors keep CLI11's exit codes but read like every other error: one line on stderr.
std::string usage_failure(const CLI::App* app, const CLI::Error& e) {
  std::string message = e.what();
  if (is_unknown_command(app, e)) {
    message = fmt::format("unknown command '{}'", app->remaining(true).front());
  }
  return fmt::format("error: {} (see `{} --help`)\n", message, command_path(app));
}

int run(int argc, char** argv) {
  Context ctx;
  CLI::App app{"eventcollab: collaborative events with version history, in one SQLite file",
               "eventcollab"};
  // Global options work before or after the subcommand: `eventcollab event list --json`.
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", fmt::format("eventcollab {}", library_version));
  app.failure_message(usage_failure);
  app.add_option_function<std::string>(
      "--db",
      [&ctx](const std::string& value) {
        ctx.db = value;
        ctx.db_given = true;
      },
      "Database: a path or sqlite:///path (default: $DATABASE_URL, then .env, then "
      "./eventcollab.db)");
  auto* json = app.add_flag("--json", ctx.json,
                            "Print exactly the JSON shapes of docs/REST.md, one document");
  app.add_flag("-q,--quiet", ctx.quiet,
               "Print only the key value: the access token (login, refresh) or the new id")
      ->excludes(json);
  app.add_option("--token", ctx.token, "Access token from `eventcollab login`")
      ->envname("EVENTCOLLAB_TOKEN");
  app.footer(
      examples({"eventcollab init", "eventcollab user register alice --email alice@example.com",
                "export EVENTCOLLAB_TOKEN=$(eventcollab login alice --quiet)",
                "eventcollab event create --title Standup --start 2026-05-01T09:00:00Z "
                "--end 2026-05-01T09:15:00Z",
                "eventcollab --json event list", "eventcollab COMMAND --help"}) +
      "\n\n" + exit_code_help() +
      "\n\nPasswords are never options: use --password-stdin or the prompt.");

  register_migrate_commands(app, ctx);
  register_user_commands(app, ctx);
  register_auth_commands(app, ctx);
  register_event_commands(app, ctx);
  register_share_commands(app, ctx);
  register_history_commands(app, ctx);
  register_calendar_commands(app, ctx);
  register_change_commands(app, ctx);
  register_watch_command(app, ctx);
  register_check_commands(app, ctx);
#ifdef EVENTCOLLAB_HAVE_HTTP
  register_serve_command(app, ctx);
#endif

  // Command callbacks run inside parse(), so library errors surface here too.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const bool unknown_command = is_unknown_command(&app, e);
    const int code = app.exit(e);  // CLI11's own codes for usage errors (see exit_code_help)
    return unknown_command ? static_cast<int>(CLI::ExitCodes::ExtrasError) : code;
  } catch (const Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    if (const auto* overlap = dynamic_cast<const OverlapError*>(&e)) {
      print_overlapped(*overlap);
    }
    return exit_code(e.code());
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitBadInput;
  }
  return ctx.exit_code;
}

}  // namespace
}  // namespace eventcollab::cli

int main(int argc, char** argv) {
  try {
    return eventcollab::cli::run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: internal error: {}\n", e.what());
  } catch (...) {
    fmt::print(stderr, "error: internal error\n");
  }
  return eventcollab::cli::kExitInternal;
}
