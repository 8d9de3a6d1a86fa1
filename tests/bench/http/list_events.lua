-- SPDX-License-Identifier: MIT
-- GET /events/?limit=100 (in the URL): the caller's first 100 visible events, owned and
-- shared. Prebuilt request, as for GET /health.
package.path = (os.getenv("ECB_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")

wrk.headers["Authorization"] = c.headers["Authorization"]
