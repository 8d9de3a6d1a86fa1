// SPDX-License-Identifier: MIT
// `watch`: the change feed, live, one line per change until Ctrl-C.
#include <signal.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "output/human.hpp"
#include "output/json.hpp"

namespace eventcollab::cli {
namespace {

// The store's feed thread only queues lines; this thread prints them, so a stdout that
// blocks (a paused pager) never holds the feed.
struct Lines {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::string> queue;
  bool stop = false;
};

std::string line_of(const Change& c, const std::string& cursor, bool as_json) {
  if (as_json) {
    nlohmann::json doc = json::to_json(c);
    doc["cursor"] = cursor;
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  return fmt::format("{} event {} {} version {} at {} by {} (cursor {})\n", c.seq, c.event_id,
                     to_string(c.type), c.version, format_local(c.at, "UTC"), c.by, cursor);
}

void watch(Context& ctx, const std::string& since, bool since_given) {
  const Principal me = ctx.principal();
  Store& store = ctx.store();
  // Blocked before the feed thread starts (it inherits the mask): SIGINT and SIGTERM are
  // taken by sigtimedwait below, and the process ends cleanly, exit 0.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Lines lines;
  const bool as_json = ctx.mode() == OutputMode::json;
  auto deliver = [&lines, as_json](const Change& c, const std::string& cursor) {
    std::string line = line_of(c, cursor, as_json);
    std::lock_guard lock(lines.mutex);
    lines.queue.push_back(std::move(line));
    lines.ready.notify_one();
  };
  Subscription subscription =
      since_given ? store.subscribe(me, since, deliver) : store.subscribe(me, deliver);

  std::thread waiter([&] {
    const timespec poll{0, 100'000'000};
    for (;;) {
      {
        std::lock_guard lock(lines.mutex);
        if (lines.stop) return;
      }
      const int sig = sigtimedwait(&signals, nullptr, &poll);
      if (sig == SIGINT || sig == SIGTERM) {
        std::lock_guard lock(lines.mutex);
        lines.stop = true;
        lines.ready.notify_one();
        return;
      }
    }
  });
  std::unique_lock lock(lines.mutex);
  while (!lines.stop) {
    lines.ready.wait(lock, [&] { return lines.stop || !lines.queue.empty(); });
    while (!lines.queue.empty()) {
      const std::string line = std::move(lines.queue.front());
      lines.queue.pop_front();
      lock.unlock();
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fflush(stdout);
      lock.lock();
    }
  }
  lock.unlock();
  subscription.cancel();
  waiter.join();
}

}  // namespace

void register_watch_command(CLI::App& app, Context& ctx) {
  struct Args {
    std::string since;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = opens(
      app.add_subcommand("watch", "Prints each change as it happens, one line each, until Ctrl-C"),
      ctx, Access::read);
  auto* since = cmd->add_option(
      "--since", a->since,
      "Start after this cursor (from `changes` or an earlier line); default: from now");
  cmd->footer(
      "Changes made by any process on the database arrive, each line flushed at once. --json: "
      "one JSON object per line, the /changes entry plus its \"cursor\" (resume with --since). "
      "SIGINT or SIGTERM ends it with exit 0.\n\n" +
      examples({"eventcollab watch", "eventcollab watch --json --since 42"}));
  cmd->callback([&ctx, a, since] { watch(ctx, a->since, since->count() > 0); });
}

}  // namespace eventcollab::cli
