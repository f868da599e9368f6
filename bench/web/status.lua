-- wrk script for bench/web/run: GET /lacak/status, the track page, with the
-- cookie of a reporter's tracking session.
--
--   wrk ... -s status.lua http://127.0.0.1:PORT -- SESSIONS_FILE CSRF_TOKEN
--
-- SESSIONS_FILE has one session token per line. Each request takes the
-- next token, so the views spread over all the complaints. CSRF_TOKEN goes
-- into the masbup_csrf cookie, as a browser that loaded a page before would
-- send it. Without it every response would set a new one.

local requests = {}
local next_request = 1

-- setup() runs in the main Lua state. It gives each thread's state a
-- global "id" (1, 2, ...).
local threads_set_up = 0
function setup(thread)
	threads_set_up = threads_set_up + 1
	thread:set("id", threads_set_up)
end

function init(args)
	local path, csrf = args[1], args[2]
	local file = assert(io.open(path, "r"), "failed to open the sessions file " .. tostring(path))
	for token in file:lines() do
		if token:match("^%x+$") then
			local headers = { Cookie = "masbup_csrf=" .. csrf .. "; masbup_lacak=" .. token }
			requests[#requests + 1] = wrk.format("GET", "/lacak/status", headers)
		end
	end
	file:close()
	assert(#requests > 0, "no session tokens in " .. path)
	-- Threads start at different tokens.
	next_request = ((id or 1) * 7) % #requests + 1
end

function request()
	local r = requests[next_request]
	next_request = next_request % #requests + 1
	return r
end
