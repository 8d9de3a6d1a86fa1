// SPDX-License-Identifier: MIT
// Child processes for tests: spawn with pipes, feed stdin, collect stdout and stderr apart,
// kill. The one runner of the test suites: the CLI binary, the reliability writer program
// (SIGKILLed mid-flight) and shell scripts all go through it.
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
#include <vector>

extern char** environ;

namespace eventcollab::test {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by a signal
  int signal = 0;
  std::string out{};
  std::string err{};
};

/// One child process with its stdin, stdout and stderr connected to pipes.
class Child {
 public:
  /// `env` entries override (or, with an empty value and `unset`, remove) inherited variables.
  /// The EVENTCOLLAB_*/DATABASE_URL/SECRET_KEY variables of the test's own environment are
  /// never inherited, so a developer's shell cannot change what a test sees.
  Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
        const std::filesystem::path& cwd = {}) {
    // A child that exits without reading all its input must not kill the test with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe2 failed");
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());

    std::vector<std::string> envs;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string_view kv(*e);
      const auto name = kv.substr(0, kv.find('='));
      if (name.starts_with("EVENTCOLLAB_") || name == "DATABASE_URL" || name == "SECRET_KEY" ||
          name == "ACCESS_TOKEN_EXPIRE_MINUTES" || name == "REFRESH_TOKEN_EXPIRE_DAYS" ||
          env.contains(std::string(name))) {
        continue;
      }
      envs.emplace_back(kv);
    }
    for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : envs) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& s : args) argp.push_back(s.data());
    argp.push_back(nullptr);

    const int rc = posix_spawn(&pid_, argp[0], &fa, nullptr, argp.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    if (rc != 0) {
      ::close(in[1]);
      ::close(out[0]);
      ::close(err[0]);
      throw std::runtime_error("posix_spawn " + argv.at(0) + ": " + std::strerror(rc));
    }
    in_ = in[1];
    out_ = out[0];
    err_ = err[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    for (int fd : {in_, out_, err_}) {
      if (fd >= 0) ::close(fd);
    }
  }

  pid_t pid() const noexcept { return pid_; }
  int stdout_fd() const noexcept { return out_; }
  int stderr_fd() const noexcept { return err_; }

  void kill(int sig = SIGKILL) { ::kill(pid_, sig); }

  void close_stdin() {
    if (in_ >= 0) ::close(in_);
    in_ = -1;
  }

  /// Writes `input` to stdin (then closes it) while collecting stdout and stderr until both
  /// end, then waits for the child. A child that exits without reading its input is fine.
  ProcessResult communicate(std::string_view input = {}) {
    ProcessResult r;
    std::size_t written = 0;
    if (input.empty()) close_stdin();
    if (in_ >= 0) ::fcntl(in_, F_SETFL, O_NONBLOCK);
    while (out_ >= 0 || err_ >= 0) {
      pollfd fds[3];
      nfds_t n = 0;
      if (in_ >= 0) fds[n++] = {in_, POLLOUT, 0};
      if (out_ >= 0) fds[n++] = {out_, POLLIN, 0};
      if (err_ >= 0) fds[n++] = {err_, POLLIN, 0};
      if (::poll(fds, n, -1) < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("poll failed");
      }
      for (nfds_t i = 0; i < n; ++i) {
        if (fds[i].revents == 0) continue;
        if (fds[i].fd == in_) {
          const ssize_t w = ::write(in_, input.data() + written, input.size() - written);
          if (w > 0) written += static_cast<std::size_t>(w);
          if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // EPIPE
          if (written == input.size()) close_stdin();
        } else {
          int& fd = fds[i].fd == out_ ? out_ : err_;
          std::string& sink = fds[i].fd == out_ ? r.out : r.err;
          char buf[65536];
          const ssize_t got = ::read(fd, buf, sizeof buf);
          if (got > 0) {
            sink.append(buf, static_cast<std::size_t>(got));
          } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
            ::close(fd);
            fd = -1;
          }
        }
      }
    }
    close_stdin();
    const int status = wait();
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    return r;
  }

  /// Waits for the child to end and returns the raw wait status.
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int in_ = -1;
  int out_ = -1;
  int err_ = -1;
};

/// Runs a program to completion.
inline ProcessResult run_process(const std::vector<std::string>& argv, std::string_view input = {},
                                 const std::map<std::string, std::string>& env = {},
                                 const std::filesystem::path& cwd = {}) {
  Child child(argv, env, cwd);
  return child.communicate(input);
}

}  // namespace eventcollab::test
