// SPDX-License-Identifier: MIT
// End to end: the real `eventcollab serve` binary, driven with curl as a user would.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/http_fixture.hpp"

extern char** environ;

#ifdef EVENTCOLLAB_CLI_PATH

using namespace eventcollab;
using namespace eventcollab::test;
using nlohmann::json;

namespace {

struct CurlReply {
  int status = 0;
  std::string headers{};
  std::string body{};
  json json_body() const { return json::parse(body, nullptr, false); }
};

std::string run(const std::string& command, int* exit_status = nullptr) {
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  if (exit_status != nullptr) *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// Runs curl with `args` on `path`; -i puts the status line and headers before the body.
CurlReply curl(int port, const std::string& args, const std::string& path) {
  const std::string out =
      run("curl -sS -i --max-time 20 " + args + " 'http://127.0.0.1:" + std::to_string(port) +
          path + "' 2>/dev/null");
  CurlReply r;
  const auto split = out.find("\r\n\r\n");
  r.headers = out.substr(0, split);
  r.body = split == std::string::npos ? std::string() : out.substr(split + 4);
  std::istringstream first(r.headers);
  std::string version;
  first >> version >> r.status;
  return r;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool has_serve_command() {
  int status = -1;
  run(std::string("'") + EVENTCOLLAB_CLI_PATH + "' serve --help >/dev/null 2>&1", &status);
  return status == 0;
}

}  // namespace

TEST_SUITE("http serve") {
  TEST_CASE(
      "eventcollab serve answers curl, logs each request without secrets and stops on SIGTERM") {
    if (!has_serve_command()) {
      MESSAGE("skipped: " << EVENTCOLLAB_CLI_PATH << " has no `serve` command yet");
      return;
    }
    TempDir dir;
    const int port = free_port();
    const std::string db = (dir / "e2e.db").string();
    const std::string log = (dir / "serve.log").string();
    const std::string port_text = std::to_string(port);
    std::vector<std::string> args = {EVENTCOLLAB_CLI_PATH, "--db", db, "serve", "--port", port_text,
                                     "--threads",          "4"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text = {"EVENTCOLLAB_PASSWORD_ITERATIONS=1000"};
    if (const char* path = std::getenv("PATH")) env_text.push_back(std::string("PATH=") + path);
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, dir.path().c_str());  // no stray .env
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    struct Reaper {
      pid_t pid;
      bool done = false;
      ~Reaper() {
        if (done) return;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    } reaper{pid};

    auto call = [port](const std::string& curl_args, const std::string& path) {
      return curl(port, curl_args, path);
    };
    bool up = false;
    for (int i = 0; i < 200 && !up; ++i) {
      up = call("", "/health").status == 200;
      if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE_MESSAGE(up, "server did not come up; its log:\n" << read_file(log));

    CHECK(call("", "/health").json_body() == json{{"status", "ok"}});
    CurlReply reg = call(
        R"(-H 'Content-Type: application/json' -d '{"username":"alice","password":"correct horse"}')",
        "/auth/register");
    CHECK_MESSAGE(reg.status == 201, reg.body);
    CurlReply login =
        call("-d 'username=alice&password=correct+horse&grant_type=password'", "/auth/login");
    REQUIRE_MESSAGE(login.status == 200, login.body);
    const std::string token = login.json_body().at("access_token");
    const std::string bearer = "-H 'Authorization: Bearer " + token + "' ";

    CurlReply created = call(
        bearer +
            R"(-H 'Content-Type: application/json' -d '{"title":"Standup","start_time":"2026-05-01T09:00:00+02:00","end_time":"2026-05-01T09:15:00+02:00"}')",
        "/events/");
    REQUIRE_MESSAGE(created.status == 201, created.body);
    CHECK(created.json_body().at("start_time") == "2026-05-01T07:00:00Z");
    const std::string id = std::to_string(created.json_body().at("id").get<std::int64_t>());
    CurlReply fetched = call(bearer, "/events/" + id);
    CHECK(fetched.status == 200);
    CHECK(fetched.headers.find("ETag: \"1\"") != std::string::npos);
    CurlReply updated = call(
        bearer +
            R"(-X PUT -H 'If-Match: "1"' -H 'Content-Type: application/json' -d '{"title":"Daily standup"}')",
        "/events/" + id);
    CHECK(updated.status == 200);
    CHECK(updated.json_body().at("version") == 2);
    CHECK(call(bearer + R"(-X PUT -H 'If-Match: "1"' -H 'Content-Type: application/json' )"
                        R"(-d '{"title":"x"}')",
               "/events/" + id)
              .status == 412);
    // curl -d alone says the body is a form: JSON routes refuse it.
    CHECK(call(bearer + R"(-X PUT -d '{"title":"x"}')", "/events/" + id).status == 415);
    CHECK(call(bearer, "/events/" + id + "/versions").json_body().size() == 2);
    CHECK(call(bearer + "-X PATCH", "/events/" + id).status == 405);
    CHECK(call(bearer, "/no/such/route").status == 404);
    CurlReply anonymous = call("", "/events/");
    CHECK(anonymous.status == 401);
    CHECK(anonymous.headers.find("WWW-Authenticate: Bearer") != std::string::npos);
    CHECK(call("", "/openapi.json").json_body().at("paths").size() == 24);

    // Bodiless DELETE and POST, as curl sends them (no Content-Length), answer at once.
    CurlReply deleted = call(bearer + "-X DELETE", "/events/" + id);
    CHECK(deleted.status == 204);
    CHECK(deleted.body.empty());
    CHECK(call(bearer + "-X POST", "/auth/logout").status == 204);
    CHECK(call(bearer, "/auth/me").status == 401);

    REQUIRE(::kill(pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    reaper.done = true;
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);

    const std::string text = read_file(log);
    CAPTURE(text);
    CHECK(text.find("POST /auth/login 201") == std::string::npos);
    CHECK(text.find("POST /auth/login 200") != std::string::npos);
    CHECK(text.find("PUT /events/" + id + " 412") != std::string::npos);
    CHECK(text.find("PATCH /events/" + id + " 405") != std::string::npos);
    CHECK(text.find("ms") != std::string::npos);
    CHECK(text.find("correct") == std::string::npos);  // no password
    CHECK(text.find(token.substr(0, 20)) == std::string::npos);
    CHECK(text.find("Standup") == std::string::npos);  // no body
    // The store was closed cleanly: SQLite removes the WAL when the last connection closes.
    CHECK_FALSE(std::filesystem::exists(db + "-wal"));
  }

  TEST_CASE("serve warns when it listens beyond this machine and brackets IPv6 in its URL") {
    if (!has_serve_command()) return;
    TempDir dir;
    // Starts `serve --host HOST`, waits for its first lines, stops it; returns its stderr.
    auto started = [&](const std::string& host) {
      const std::string log = (dir / "serve.log").string();
      const std::string cmd = std::string("'") + EVENTCOLLAB_CLI_PATH + "' --db '" +
                              (dir / "h.db").string() + "' serve --port 0 --host '" + host +
                              "' 2>'" + log + "' & pid=$!; for i in $(seq 100); do grep -q " +
                              "listening '" + log + "' && break; sleep 0.05; done; sleep 0.1; " +
                              "kill $pid; wait $pid";
      run("export EVENTCOLLAB_PASSWORD_ITERATIONS=1000; " + cmd);
      return read_file(log);
    };
    const std::string any = started("0.0.0.0");
    CHECK(any.find("listening on http://0.0.0.0:") != std::string::npos);
    CHECK(any.find("warning: 0.0.0.0 is reachable beyond this machine") != std::string::npos);
    const std::string local = started("127.0.0.1");
    CHECK(local.find("listening on http://127.0.0.1:") != std::string::npos);
    CHECK(local.find("warning") == std::string::npos);
    const std::string v6 = started("::1");
    if (v6.find("cannot listen") == std::string::npos) {  // no IPv6 loopback on this machine
      CHECK(v6.find("listening on http://[::1]:") != std::string::npos);
      CHECK(v6.find("warning") == std::string::npos);
    }
  }
}

#endif  // EVENTCOLLAB_CLI_PATH
