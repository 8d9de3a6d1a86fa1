-- SPDX-License-Identifier: MIT
-- POST /events/: one new event per request (event row + version row, one transaction).
package.path = (os.getenv("ECB_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")

setup = c.setup
function init(args) c.seed() end

local n = 0
function request()
  n = n + 1
  local day = 1 + (n % 28)
  local body = string.format(
    '{"title":"Load test %d-%d","description":"Agenda: review item %d, notes and follow-ups",' ..
    '"start_time":"2026-06-%02dT09:00:00Z","end_time":"2026-06-%02dT10:00:00Z"}',
    thread_number or 0, n, n, day, day)
  return wrk.format("POST", "/events/", c.headers, body)
end
