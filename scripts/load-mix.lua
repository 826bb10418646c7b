-- The request mix for scripts/load-test (wrk). Everything comes from the
-- environment the script sets:
--   MH_MENTEE, MH_ADMIN   session cookies (mh_session=...)
--   MH_REL                the demo mentee's relationship id
--   MH_PROG               its programme (health page)
--   MH_SCALE              the scaled-up programme (directory of 5,000 mentors)
--   MH_MIX                read | write | write-spread | directory | pages | one
--                         of the parts below alone: signin, relationship,
--                         meetings, health
--   MH_PAIRS              (write-spread) a file of "<relationship id> <cookie>"
--                         lines, one per seeded pair, signed in as its mentee
-- read:      1% sign-in, 30% directory with filters, 25% relationship page,
--            25% meeting log (API), 19% programme health page
-- write:     the read mix with 10% writes instead (5% new goal, 5% new meeting)
-- directory: the directory page only, with filters
-- pages:     the read mix without sign-ins (what viewing pages costs)
local mentee = os.getenv("MH_MENTEE")
local admin = os.getenv("MH_ADMIN")
local rel = os.getenv("MH_REL")
local prog = os.getenv("MH_PROG")
local scale = os.getenv("MH_SCALE")
local mix = os.getenv("MH_MIX") or "read"

local skills = {"Strategy", "Coaching", "Talent", "Finance", "Sales", "Negotiation", "Hiring", "Product"}
local places = {"London", "Leeds", "Paris", "Berlin", "Madrid", "Dublin"}
local styles = {"decisive", "collaborative"}
local n = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

local pairs_rel, pairs_cookie = {}, {}

function init(args)
  math.randomseed(seed or os.time())
  local path = os.getenv("MH_PAIRS")
  if mix == "write-spread" then
    local f = assert(io.open(path or "", "r"), "write-spread needs MH_PAIRS")
    for line in f:lines() do
      local id, cookie = line:match("^(%d+) (.+)$")
      if id then
        pairs_rel[#pairs_rel + 1] = id
        pairs_cookie[#pairs_cookie + 1] = cookie
      end
    end
    f:close()
    assert(#pairs_rel > 0, "no pairs in " .. path)
  end
end

-- The relationship and the mentee's cookie a request works on.
local function pair()
  if mix == "write-spread" then
    local i = math.random(#pairs_rel)
    return pairs_rel[i], pairs_cookie[i]
  end
  return rel, mentee
end

local function get(path, cookie)
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

local function directory()
  local q = {}
  local r = math.random(4)
  if r >= 1 then q[#q + 1] = "skill=" .. skills[math.random(#skills)] end
  if r >= 2 then q[#q + 1] = "location=" .. places[math.random(#places)] end
  if r >= 3 then q[#q + 1] = "style=" .. styles[math.random(#styles)] end
  if r >= 4 then q[#q + 1] = "with_room=on" end
  q[#q + 1] = "page=" .. math.random(3)
  return get("/programmes/" .. scale .. "/directory?" .. table.concat(q, "&"), mentee)
end

local function write()
  local rel, mentee = pair()
  n = n + 1
  if math.random(2) == 1 then
    local body = '{"title":"Load goal ' .. n .. '","description":"","progress":10,"status":"in_progress","shared_with_manager":false}'
    return wrk.format("POST", "/api/v1/relationships/" .. rel .. "/goals",
      {["Cookie"] = mentee, ["Content-Type"] = "application/json"}, body)
  end
  local minute = math.random(0, 500000)
  local body = string.format('{"starts_at":"%s","duration_minutes":45,"mode":"video","status":"scheduled","agenda":"Load agenda %d","next_meeting_at":"","question_for_next":""}',
    os.date("!%Y-%m-%dT%H:%M:00Z", 1893456000 + minute * 60), n)
  return wrk.format("POST", "/api/v1/relationships/" .. rel .. "/meetings",
    {["Cookie"] = mentee, ["Content-Type"] = "application/json"}, body)
end

local function signin()
  return wrk.format("POST", "/api/v1/session", {["Content-Type"] = "application/json"},
    '{"email":"mentor@demo.mentorhub.test","password":"mentorhub-demo"}')
end

local function relationship()
  local rel, mentee = pair()
  return get("/relationships/" .. rel, mentee)
end
local function meetings()
  local rel, mentee = pair()
  return get("/api/v1/relationships/" .. rel .. "/meetings", mentee)
end
local function health() return get("/programmes/" .. prog .. "/health", admin) end

local alone = {directory = directory, signin = signin, relationship = relationship,
  meetings = meetings, health = health}

function request()
  if alone[mix] then
    return alone[mix]()
  end
  local r = math.random(100)
  if mix == "pages" then
    -- The read mix's shares without the sign-in: 30 : 25 : 25 : 19.
    r = math.random(2, 100)
  end
  if (mix == "write" or mix == "write-spread") and r <= 10 then
    return write()
  end
  if r <= 1 then
    return signin()
  elseif r <= 31 then
    return directory()
  elseif r <= 56 then
    return relationship()
  elseif r <= 81 then
    return meetings()
  else
    return health()
  end
end
