// SPDX-License-Identifier: MIT
#pragma once

#include "core/store_core.hpp"
#include "eventcollab/store.hpp"

namespace eventcollab {

/// The state behind a Store handle: the shared core and the services that use it.
struct Store::Impl {
  detail::StoreCore core;
  Auth auth{core};
  Events events{core};
  Sharing sharing{core};
  History history{core};
  Changes changes{core};

  Impl(Config c, std::unique_ptr<storage::Database> db) : core(std::move(c), std::move(db)) {}
};

}  // namespace eventcollab
