-- wrk script for bench/web/run: POST /lacak, the access-code check, with valid
-- tracking numbers and access codes.
--
--   wrk ... -s track.lua http://127.0.0.1:PORT -- CREDENTIALS_FILE CSRF_TOKEN
--
-- CREDENTIALS_FILE has one "TRACKING_NO ACCESS_CODE" pair per line. Each
-- request takes the next pair, so that concurrent requests rarely wait for
-- the row lock that masbup.reporter_access() takes on one complaint.
-- CSRF_TOKEN goes into both the masbup_csrf cookie and the csrf field.

local bodies = {}
local next_body = 1
local headers = {}

-- setup() runs in the main Lua state. It gives each thread's state a
-- global "id" (1, 2, ...).
local threads_set_up = 0
function setup(thread)
	threads_set_up = threads_set_up + 1
	thread:set("id", threads_set_up)
end

function init(args)
	local path, csrf = args[1], args[2]
	local file = assert(io.open(path, "r"), "failed to open the credentials file " .. tostring(path))
	for line in file:lines() do
		local tracking_no, access_code = line:match("^(%S+)%s+(%S+)$")
		if tracking_no then
			bodies[#bodies + 1] = "no=" .. tracking_no .. "&kode=" .. access_code .. "&csrf=" .. csrf
		end
	end
	file:close()
	assert(#bodies > 0, "no credentials in " .. path)
	headers["Content-Type"] = "application/x-www-form-urlencoded"
	headers["Cookie"] = "masbup_csrf=" .. csrf
	-- Threads start at different pairs.
	next_body = ((id or 1) * 7) % #bodies + 1
end

function request()
	local body = bodies[next_body]
	next_body = next_body % #bodies + 1
	return wrk.format("POST", "/lacak", headers, body)
end
