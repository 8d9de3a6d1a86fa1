// SPDX-License-Identifier: MIT
// examples/demo.sh is the README's first command: it must keep working against the real binary.
#include "support/cli_fixture.hpp"

using namespace eventcollab::test;

TEST_SUITE("cli") {
  TEST_CASE("examples/demo.sh drives a whole collaborative session on a fresh database") {
    TempDir dir;
    const std::map<std::string, std::string> env{
        {"PATH", "/usr/local/bin:/usr/bin:/bin"},
        {"TMPDIR", dir.path().string()},
        {"EVENTCOLLAB_PASSWORD_ITERATIONS", "1000"},
    };
    const ProcessResult r =
        run_process({"/bin/bash", EVENTCOLLAB_SOURCE_DIR "/examples/demo.sh", EVENTCOLLAB_CLI_PATH},
                    {}, env, dir.path());
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("permission denied for the reader, as expected") != std::string::npos);
    CHECK(r.out.find("demo finished") != std::string::npos);
    // The series keeps 09:00 across the change to summer time; its window ends on April 10th.
    CHECK(r.out.find("2026-03-23 09:00 CET") != std::string::npos);
    CHECK(r.out.find("2026-04-13") == std::string::npos);
    CHECK(r.out.find("09:00 CEST") != std::string::npos);
    CHECK(r.out.find("Review (moved)") != std::string::npos);
  }
}
