-- SPDX-License-Identifier: MIT
-- A GET whose URL says it all (e.g. /events/?limit=100, /changes?limit=100), as the seeded
-- user. Prebuilt request, as for GET /health.
package.path = (os.getenv("ECB_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")

wrk.headers["Authorization"] = c.headers["Authorization"]
