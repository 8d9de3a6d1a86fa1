// SPDX-License-Identifier: MIT
// The change feed as JSON text, written straight into a string: a page of /changes and each
// event of the stream. The bytes equal nlohmann's compact dump of to_json(change) and
// to_json(page) (keys in sorted order), without building a document per change.
#pragma once

#include <string>

#include "eventcollab/changes.hpp"

namespace eventcollab::json {

/// Appends one change as a JSON object (the /changes entry shape).
void append_change_json(std::string& out, const Change& change);

/// One change as JSON text.
std::string change_to_json_text(const Change& change);

/// A page of the feed as JSON text, as GET /changes and `changes --json` return it.
std::string change_page_to_json_text(const ChangePage& page);

}  // namespace eventcollab::json
