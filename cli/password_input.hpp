// SPDX-License-Identifier: MIT
// Secrets never come from the command line (it shows in `ps` and shell history): they are read
// from stdin (--password-stdin) or prompted for without echo on a terminal.
#pragma once

#include <string>
#include <string_view>

namespace eventcollab::cli {

/// Reads one line of stdin (without its line ending). Throws InputError if stdin is empty.
std::string read_stdin_line(std::string_view what);

/// The password: from stdin when `from_stdin`, else prompted for without echo (twice when
/// `confirm`). Throws InputError when stdin is not a terminal and --password-stdin is absent,
/// or the two entries differ.
std::string read_password(bool from_stdin, bool confirm);

/// A secret that is always read from stdin; prompted for without echo on a terminal.
std::string read_secret(std::string_view prompt, std::string_view what);

}  // namespace eventcollab::cli
