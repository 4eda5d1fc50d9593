-- Unique jobs in the style of sidekiq-unique-jobs: a digest made from the job's class and
-- arguments (normalised with string patterns) guards against duplicates.
-- KEYS[1]: the digests set, KEYS[2]: the queued-jobs hash. ARGV: job id, class, args (JSON),
-- lock ttl (s), now.
local digests, queued = KEYS[1], KEYS[2]
local jid, class, args_json, ttl, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

local function normalise(text)
  text = string.lower(text)
  text = string.gsub(text, "%s+", "")
  text = string.gsub(text, "[^%w%[%],:\"_%-%.]", "")
  return text
end

local args = cjson.decode(args_json)
local parts = {}
for i, v in ipairs(args) do
  parts[i] = normalise(tostring(v))
end
local digest = "uniquejobs:" .. normalise(class) .. ":" .. table.concat(parts, "|")
local short = string.match(digest, "^uniquejobs:([%w_]+):") or "?"

local holder = redis.call("GET", digest)
if holder and holder ~= jid then
  redis.log(redis.LOG_NOTICE, "duplicate " .. jid .. " of " .. holder)
  return {0, holder, short}
end
redis.call("SET", digest, jid, "EX", ttl)
redis.call("ZADD", digests, now, digest)
redis.call("HSET", queued, jid, cjson.encode({class = class, digest = digest, at = tonumber(now)}))
return {1, digest, short}
