// SPDX-License-Identifier: MIT
#pragma once

/// Umbrella header: everything of libeventcollab except the optional HTTP adapter
/// (eventcollab/http.hpp, target eventcollab::http).
#include "eventcollab/auth.hpp"
#include "eventcollab/build_info.hpp"
#include "eventcollab/calendar.hpp"
#include "eventcollab/changes.hpp"
#include "eventcollab/config.hpp"
#include "eventcollab/error.hpp"
#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"
#include "eventcollab/share.hpp"
#include "eventcollab/store.hpp"
#include "eventcollab/time.hpp"
