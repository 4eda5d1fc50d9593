-- Unlock a finished job: find its digest in the queued hash, remove both if it still holds
-- the lock. KEYS[1]: digests set, KEYS[2]: queued hash. ARGV[1]: job id.
local raw = redis.call("HGET", KEYS[2], ARGV[1])
if not raw then
  return {0, "unknown"}
end
local job = cjson.decode(raw)
local start, finish, class = string.find(job.digest, "^uniquejobs:([^:]+):")
redis.call("HDEL", KEYS[2], ARGV[1])
if redis.call("GET", job.digest) == ARGV[1] then
  redis.call("DEL", job.digest)
  redis.call("ZREM", KEYS[1], job.digest)
  return {1, class, finish}
end
return {0, class, start}
