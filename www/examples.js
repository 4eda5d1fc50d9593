// The example scripts the `examples` menu loads, each with the KEYS and ARGV it expects.

export const EXAMPLES = [
  {
    name: 'Counter',
    keys: 'counter',
    args: '',
    script: `-- Increment a counter and return its new value
local n = redis.call('INCR', KEYS[1])
return n
`,
  },
  {
    name: 'Rate limiter',
    keys: 'rate:user:42',
    args: '3 60',
    script: `-- Fixed window: allow ARGV[1] hits per ARGV[2] seconds.
-- Returns {allowed (1 or 0), hits so far, seconds left in the window}
local limit = tonumber(ARGV[1])
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
local allowed = 0
if hits <= limit then
  allowed = 1
end
return {allowed, hits, redis.call('TTL', KEYS[1])}
`,
  },
  {
    name: 'Lock',
    keys: 'lock:report',
    args: 'worker-1 30000',
    script: `-- Take a lock for ARGV[2] ms unless someone holds it (SET NX PX)
local taken = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
if taken then
  return 'acquired by ' .. ARGV[1]
end
local holder = redis.call('GET', KEYS[1])
return 'held by ' .. holder .. ' for ' .. redis.call('PTTL', KEYS[1]) .. ' ms more'
`,
  },
  {
    name: 'Leaderboard',
    keys: 'scores',
    args: 'ada 30 grace 25 linus 12 ada 15',
    script: `-- Add points per player, then return the top three with their scores
for i = 1, #ARGV, 2 do
  redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
end
return redis.call('ZREVRANGE', KEYS[1], 0, 2, 'WITHSCORES')
`,
  },
  {
    name: 'cjson round trip',
    keys: 'profile:ada',
    args: '{"name":"ada","visits":41}',
    script: `-- Decode JSON, change it, store it, read it back
local profile = cjson.decode(ARGV[1])
profile.visits = profile.visits + 1
redis.call('SET', KEYS[1], cjson.encode(profile))
local stored = cjson.decode(redis.call('GET', KEYS[1]))
redis.log(redis.LOG_WARNING, 'visits: ' .. stored.visits)
return {stored.name, stored.visits}
`,
  },
  {
    name: 'Function calls',
    keys: 'game:scores',
    args: '7',
    script: `-- A local function: step into it and watch the call stack grow
local function award(name, points)
  local total = redis.call('ZINCRBY', KEYS[1], points, name)
  return name .. ' has ' .. total
end
award('ada', 10)
return award('grace', ARGV[1])
`,
  },
  {
    name: 'An error',
    keys: 'settings',
    args: '',
    script: `-- GET on a missing key gives false: indexing it fails,
-- and the message names the variable as Lua 5.1 does
local settings = redis.call('GET', KEYS[1])
return settings.limit
`,
  },
];
