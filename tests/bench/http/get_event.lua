-- SPDX-License-Identifier: MIT
-- GET /events/{id}: a random event of the caller's own.
package.path = (os.getenv("ECB_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")

setup = c.setup
function init(args) c.seed() end

function request()
  return wrk.format("GET", "/events/" .. c.random_id(), c.headers)
end
