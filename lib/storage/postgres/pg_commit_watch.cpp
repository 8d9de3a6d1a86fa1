// SPDX-License-Identifier: MIT
#include "storage/postgres/pg_commit_watch.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/format.h>

#include "eventcollab/error.hpp"

namespace eventcollab::storage::postgres {
namespace {

class PgCommitWatch final : public CommitWatch {
 public:
  explicit PgCommitWatch(ConnectSpec spec) : spec_(std::move(spec)) {
    // wake() writes a byte here, so that one poll() waits for the server or for us.
    if (::pipe2(wake_pipe_, O_NONBLOCK | O_CLOEXEC) != 0) {
      throw Error(Errc::storage, fmt::format("cannot create a pipe: errno {}", errno));
    }
    listen();
  }

  ~PgCommitWatch() override {
    ::close(wake_pipe_[0]);
    ::close(wake_pipe_[1]);
  }

  void wait(std::chrono::milliseconds timeout) override {
    if (!conn_) {
      listen();  // throws while the server is away; the caller tries again later
      return;    // what was committed meanwhile is read by the caller now
    }
    PGconn* pg = conn_->handle();
    if (drain_notifications(pg)) return;
    pollfd fds[2] = {{PQsocket(pg), POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(timeout.count()));
    if (ready <= 0) return;  // timed out, or a signal: a spurious return is allowed
    if ((fds[1].revents & POLLIN) != 0) {
      char buf[64];
      while (::read(wake_pipe_[0], buf, sizeof buf) > 0) {
      }
    }
    if (fds[0].revents != 0) {
      if (PQconsumeInput(pg) == 0) {
        conn_.reset();  // lost: LISTEN again on the next call
        return;
      }
      drain_notifications(pg);
    }
  }

  void wake() noexcept override {
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(wake_pipe_[1], &byte, 1);  // full pipe: already awake
  }

 private:
  void listen() {
    auto conn = PgConnection::connect(spec_);
    conn->exec(fmt::format("LISTEN {}", kChangeChannel).c_str());
    conn_ = std::move(conn);
  }

  // True when a notification was waiting (each is freed; one is as good as many).
  static bool drain_notifications(PGconn* pg) {
    bool any = false;
    while (PGnotify* n = PQnotifies(pg)) {
      PQfreemem(n);
      any = true;
    }
    return any;
  }

  ConnectSpec spec_;
  std::unique_ptr<PgConnection> conn_;
  int wake_pipe_[2] = {-1, -1};
};

}  // namespace

std::unique_ptr<CommitWatch> watch_commits(const ConnectSpec& spec) {
  return std::make_unique<PgCommitWatch>(spec);
}

}  // namespace eventcollab::storage::postgres
