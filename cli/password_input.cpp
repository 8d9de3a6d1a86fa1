// SPDX-License-Identifier: MIT
#include "password_input.hpp"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "context.hpp"

namespace eventcollab::cli {
namespace {

// The terminal state to restore if the user presses Ctrl-C at a no-echo prompt; without this
// the shell would be left without echo.
termios g_saved_termios{};
struct sigaction g_old_sigint {};

extern "C" void restore_terminal_and_reraise(int sig) {
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);  // async-signal-safe
  sigaction(SIGINT, &g_old_sigint, nullptr);
  raise(sig);
}

std::string strip_line_end(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string prompt_no_echo(std::string_view prompt) {
  fmt::print(stderr, "{}", prompt);
  std::fflush(stderr);
  if (tcgetattr(STDIN_FILENO, &g_saved_termios) != 0) {
    throw InputError("cannot read the terminal's settings");
  }
  termios quiet = g_saved_termios;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  struct sigaction on_int {};
  on_int.sa_handler = restore_terminal_and_reraise;
  sigemptyset(&on_int.sa_mask);
  sigaction(SIGINT, &on_int, &g_old_sigint);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
  sigaction(SIGINT, &g_old_sigint, nullptr);
  fmt::print(stderr, "\n");
  if (!got) throw InputError("no input at the prompt");
  return strip_line_end(std::move(line));
}

}  // namespace

std::string read_stdin_line(std::string_view what) {
  std::string line;
  if (!std::getline(std::cin, line) && line.empty()) {
    throw InputError(fmt::format("expected the {} on stdin, got nothing", what));
  }
  line = strip_line_end(std::move(line));
  if (line.empty()) throw InputError(fmt::format("the {} on stdin is empty", what));
  return line;
}

std::string read_password(bool from_stdin, bool confirm) {
  if (from_stdin) return read_stdin_line("password");
  if (isatty(STDIN_FILENO) == 0) {
    throw InputError("stdin is not a terminal: pass the password with --password-stdin");
  }
  std::string password = prompt_no_echo("Password: ");
  if (confirm && prompt_no_echo("Repeat password: ") != password) {
    throw InputError("the passwords do not match");
  }
  return password;
}

std::string read_secret(std::string_view prompt, std::string_view what) {
  if (isatty(STDIN_FILENO) != 0) return prompt_no_echo(prompt);
  std::string line = read_stdin_line(what);
  // Tokens have no spaces; trailing blanks come from `echo` or copy-paste.
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return line;
}

}  // namespace eventcollab::cli
