// SPDX-License-Identifier: MIT
// One register function per command group (one file each under cli/commands/).
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace eventcollab::cli {

void register_migrate_commands(CLI::App& app, Context& ctx);  // init, migrate
void register_user_commands(CLI::App& app, Context& ctx);     // user register
void register_auth_commands(CLI::App& app, Context& ctx);     // login, whoami, refresh, logout
void register_event_commands(CLI::App& app, Context& ctx);    // event ...
void register_share_commands(CLI::App& app, Context& ctx);    // share ...
void register_history_commands(CLI::App& app, Context& ctx);  // history ...
// occurrences, occurrence set/cancel, freebusy, conflicts
void register_calendar_commands(CLI::App& app, Context& ctx);
void register_change_commands(CLI::App& app, Context& ctx);  // changes
void register_watch_command(CLI::App& app, Context& ctx);    // watch
void register_check_commands(CLI::App& app, Context& ctx);   // check, version
#ifdef EVENTCOLLAB_HAVE_HTTP
void register_serve_command(CLI::App& app, Context& ctx);  // serve
#endif

/// Declares how `cmd` opens the database (Context::access); commands that never call it
/// create a missing database (init, migrate, user register, serve). Returns `cmd`.
inline CLI::App* opens(CLI::App* cmd, Context& ctx, Access access) {
  cmd->preparse_callback([&ctx, access](std::size_t) { ctx.access = access; });
  return cmd;
}

/// "Examples:" footer text from example lines.
std::string examples(std::initializer_list<std::string_view> lines);

}  // namespace eventcollab::cli
