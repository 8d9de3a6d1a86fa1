-- SPDX-License-Identifier: MIT
-- Shared by the wrk scenarios of http_load.sh. The token and the id range come from the
-- environment so that no secret is written to disk.
local M = {}

M.token = os.getenv("ECB_TOKEN") or error("ECB_TOKEN is not set")
M.first_id = tonumber(os.getenv("ECB_FIRST_ID") or "1")
M.last_id = tonumber(os.getenv("ECB_LAST_ID") or "1")
M.headers = {
  ["Authorization"] = "Bearer " .. M.token,
  ["Content-Type"] = "application/json",
}

local thread_counter = 0
function M.setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_number", thread_counter)
end

function M.seed()
  -- Each wrk thread has its own Lua state: give each its own sequence.
  math.randomseed(os.time() * 100 + (thread_number or 0))
end

function M.random_id()
  return math.random(M.first_id, M.last_id)
end

return M
