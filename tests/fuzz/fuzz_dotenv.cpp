// SPDX-License-Identifier: MIT
// Config::from_env reading an arbitrary `.env` file: a Config whose values are in range, or
// invalid_argument naming the problem. The environment is cleared so only the file counts.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "eventcollab/config.hpp"
#include "eventcollab/error.hpp"

using namespace eventcollab;

namespace {
std::string g_file;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (const char* name : {"DATABASE_URL", "SECRET_KEY", "ACCESS_TOKEN_EXPIRE_MINUTES",
                           "REFRESH_TOKEN_EXPIRE_DAYS", "EVENTCOLLAB_PASSWORD_ITERATIONS",
                           "EVENTCOLLAB_BUSY_TIMEOUT_MS", "EVENTCOLLAB_DURABILITY"}) {
    unsetenv(name);
  }
  const char* dir = std::getenv("TMPDIR");
  g_file = std::string(dir != nullptr ? dir : "/tmp") + "/eventcollab-fuzz-dotenv-" +
           std::to_string(getpid());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(g_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const Config c = Config::from_env(g_file);
    if (c.access_token_expire_minutes < 1 || c.refresh_token_expire_days < 1 ||
        c.password_iterations < 1 || c.busy_timeout_ms < 0) {
      std::abort();
    }
    try {
      (void)c.database_path();
    } catch (const Error& e) {
      if (e.code() != Errc::invalid_argument) std::abort();
    }
  } catch (const Error& e) {
    if (e.code() != Errc::invalid_argument) std::abort();
  }
  return 0;
}
