// SPDX-License-Identifier: MIT
#include "storage/sqlite/sqlite_commit_watch.hpp"

#include <algorithm>

#include "storage/sqlite/connection.hpp"

namespace eventcollab::storage::sqlite {
namespace {

using namespace std::chrono_literals;

// How often another process's commit is looked for: the cross-process latency's floor.
constexpr auto kPoll = 10ms;

class SqliteCommitWatch final : public CommitWatch {
 public:
  explicit SqliteCommitWatch(Connection conn)
      : conn_(std::move(conn)), seen_(conn_.query_int("PRAGMA data_version")) {}

  void wait(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const std::int64_t now_version = conn_.query_int("PRAGMA data_version");
      if (now_version != seen_) {
        seen_ = now_version;
        return;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return;
      if (woken_.wait_for(std::min(left, std::chrono::milliseconds(kPoll)))) return;
    }
  }

  void wake() noexcept override { woken_.set(); }

 private:
  Connection conn_;
  std::int64_t seen_;
  WakeFlag woken_;
};

}  // namespace

std::unique_ptr<CommitWatch> watch_commits(const std::filesystem::path& file,
                                           std::int64_t busy_timeout_ms) {
  return std::make_unique<SqliteCommitWatch>(
      Connection::open(file, OpenMode::read_only, busy_timeout_ms));
}

}  // namespace eventcollab::storage::sqlite
