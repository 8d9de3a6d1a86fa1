-- SPDX-License-Identifier: MIT
-- PUT /events/{id}: a new title for a random event of the caller's own (one new version each).
package.path = (os.getenv("ECB_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")

setup = c.setup
function init(args) c.seed() end

local n = 0
function request()
  n = n + 1
  local body = string.format('{"title":"Updated %d-%d-%d"}', thread_number or 0, n, math.random(1e9))
  return wrk.format("PUT", "/events/" .. c.random_id(), c.headers, body)
end
