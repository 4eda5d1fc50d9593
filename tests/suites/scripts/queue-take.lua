-- Move due delayed jobs to wait, then take the next job into active.
-- KEYS[1]: wait, KEYS[2]: active, KEYS[3]: delayed, KEYS[4]: events, KEYS[5]: job prefix.
-- ARGV[1]: now (ms), ARGV[2]: worker token.
local now = tonumber(ARGV[1])
local due = redis.call("ZRANGEBYSCORE", KEYS[3], "-inf", now, "LIMIT", 0, 10)
for _, id in ipairs(due) do
  redis.call("ZREM", KEYS[3], id)
  redis.call("LPUSH", KEYS[1], id)
  redis.call("XADD", KEYS[4], "MAXLEN", "~", 50, now .. "-*", "event", "waiting", "jobId", id)
end
local id = redis.call("RPOPLPUSH", KEYS[1], KEYS[2])
if not id then
  return {#due, false}
end
local job_key = KEYS[5] .. id
redis.call("HSET", job_key, "processedOn", now, "token", ARGV[2])
redis.call("HINCRBY", job_key, "attemptsMade", 1)
redis.call("XADD", KEYS[4], "MAXLEN", "~", 50, now .. "-*", "event", "active", "jobId", id)
return {#due, id, redis.call("HGET", job_key, "name")}
