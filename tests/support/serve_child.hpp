// SPDX-License-Identifier: MIT
// `eventcollab serve` as a child process on a free loopback port.
#pragma once

#ifdef EVENTCOLLAB_CLI_PATH

#include <poll.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <string>

#include <doctest/doctest.h>

#include "support/process.hpp"

namespace eventcollab::test {

class ServeChild {
 public:
  /// Starts `eventcollab --quiet serve --port 0` with `env` in `cwd` and waits (up to 30 s) for
  /// the port it names on stderr.
  ServeChild(const std::map<std::string, std::string>& env, const std::filesystem::path& cwd,
             const std::string& threads = "8")
      : child_({EVENTCOLLAB_CLI_PATH, "--quiet", "serve", "--port", "0", "--threads", threads}, env,
               cwd) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const std::string marker = "listening on http://127.0.0.1:";
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{child_.stderr_fd(), POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(child_.stderr_fd(), buf, sizeof buf);
      if (n <= 0) break;
      err_.append(buf, static_cast<std::size_t>(n));
      if (auto at = err_.find(marker);
          at != std::string::npos && err_.find('\n', at) != std::string::npos) {
        port_ = std::stoi(err_.substr(at + marker.size()));
        return;
      }
    }
    FAIL("serve did not start: " << err_);
  }

  int port() const noexcept { return port_; }

  /// SIGTERM, then waits; returns the exit code (0: a clean stop). `stderr_text` gets what
  /// it printed.
  int stop(std::string* stderr_text = nullptr) {
    child_.kill(SIGTERM);
    const ProcessResult r = child_.communicate();
    if (stderr_text != nullptr) *stderr_text = err_ + r.err;
    return r.exit_code;
  }

 private:
  Child child_;
  std::string err_;
  int port_ = 0;
};

}  // namespace eventcollab::test

#endif  // EVENTCOLLAB_CLI_PATH
