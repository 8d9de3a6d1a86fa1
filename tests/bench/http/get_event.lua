-- SPDX-License-Identifier: MIT
-- GET /events/{id} (the id is in the URL). Only headers are set, no request() function, so
-- wrk sends a prebuilt request exactly as it does for GET /health: the client's own cost is
-- the same in both runs and the ratio compares the server's work.
package.path = (os.getenv("ECB_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")

wrk.headers["Authorization"] = c.headers["Authorization"]
