// SPDX-License-Identifier: MIT
// The CLI's exit codes: one per error kind, documented in `eventcollab --help` and the README.
#pragma once

#include <string>

#include "eventcollab/error.hpp"

namespace eventcollab::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;        ///< a bug, or an unexpected exception
inline constexpr int kExitBadInput = 2;        ///< unreadable file, malformed JSON, no password
inline constexpr int kExitCheckProblems = 11;  ///< `check` found problems
// CLI11 keeps its own codes (100–127) for usage errors: unknown option, missing argument, ...

/// The exit code for a library error.
int exit_code(Errc code) noexcept;

/// The table of exit codes, for the root `--help` footer.
std::string exit_code_help();

}  // namespace eventcollab::cli
