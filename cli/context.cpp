// SPDX-License-Identifier: MIT
#include "context.hpp"

#include <fmt/format.h>

namespace eventcollab::cli {

Config Context::config() const {
  Config c = Config::from_env();
  if (!db.empty()) c.database_url = db;
  return c;
}

Store& Context::store() {
  if (!store_) store_.emplace(Store::open(config()));
  return *store_;
}

Principal Context::principal() {
  if (token.empty()) {
    throw Error(Errc::unauthenticated,
                "not logged in: pass --token or set EVENTCOLLAB_TOKEN (see `eventcollab login "
                "--help`)");
  }
  return store().auth().authenticate(token);
}

Timestamp parse_time_option(std::string_view option, std::string_view text) {
  try {
    return parse_rfc3339(text);
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("{}: {}", option, e.what()));
  }
}

}  // namespace eventcollab::cli
