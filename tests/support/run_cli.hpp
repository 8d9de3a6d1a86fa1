// SPDX-License-Identifier: MIT
// Runs the real `eventcollab` binary (EVENTCOLLAB_CLI_PATH, set by tests/CMakeLists.txt) as a
// child process with posix_spawn: a chosen environment (nothing inherited), a working directory,
// bytes on stdin, and stdout/stderr captured separately.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace eventcollab::test {

struct CliResult {
  int exit_code = -1;  ///< the exit status, or 128 + signal number
  std::string out{};
  std::string err{};
};

/// Runs `program` with `args` (argv[1..]) in `cwd` with exactly `env`, feeding `input` on stdin.
inline CliResult run_program(const std::string& program, const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env, std::string_view input,
                             const std::filesystem::path& cwd) {
  auto fail = [](const char* what) {
    throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
  };
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0) {
    fail("pipe2");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int spawn_error =
      posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_error != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    errno = spawn_error;
    fail("posix_spawn");
  }

  // One poll loop for all three pipes, so a child that fills stdout before reading stdin (or
  // the reverse) cannot deadlock us. A child that exits without reading gives EPIPE: ignored.
  struct sigaction ignore_pipe {
  }, old_pipe{};
  ignore_pipe.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore_pipe, &old_pipe);
  CliResult result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  int out_fd = out_pipe[0], err_fd = err_pipe[0];
  while (in_fd >= 0 || out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3] = {{in_fd, POLLOUT, 0}, {out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll");
    }
    if (in_fd >= 0 && fds[0].revents != 0) {
      const ssize_t n = write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
    auto drain = [](int& fd, short revents, std::string& into) {
      if (fd < 0 || revents == 0) return;
      char buffer[4096];
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n > 0) {
        into.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fd);
        fd = -1;
      }
    };
    drain(out_fd, fds[1].revents, result.out);
    drain(err_fd, fds[2].revents, result.err);
  }
  sigaction(SIGPIPE, &old_pipe, nullptr);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) fail("waitpid");
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

#ifdef EVENTCOLLAB_CLI_PATH
/// Runs the built `eventcollab` binary.
inline CliResult run_cli(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env, std::string_view input,
                         const std::filesystem::path& cwd) {
  return run_program(EVENTCOLLAB_CLI_PATH, args, env, input, cwd);
}
#endif

}  // namespace eventcollab::test
