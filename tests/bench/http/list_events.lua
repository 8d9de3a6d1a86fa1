-- SPDX-License-Identifier: MIT
-- GET /events/?limit=100: the caller's first 100 visible events (owned and shared).
package.path = (os.getenv("ECB_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")

setup = c.setup
function init(args) c.seed() end

function request()
  return wrk.format("GET", "/events/?limit=100", c.headers)
end
