-- Add a job, bullmq style. KEYS[1]: id counter, KEYS[2]: wait list, KEYS[3]: delayed zset,
-- KEYS[4]: events stream, KEYS[5]: job key prefix. ARGV[1]: name, ARGV[2]: data (JSON),
-- ARGV[3]: options packed with cmsgpack ({delay=, priority=, attempts=}), ARGV[4]: now (ms).
local opts = cmsgpack.unpack(ARGV[3])
local id = redis.call("INCR", KEYS[1])
local job_key = KEYS[5] .. id
local delay = tonumber(opts.delay) or 0
local now = tonumber(ARGV[4])
redis.call("HMSET", job_key, "name", ARGV[1], "data", ARGV[2], "timestamp", now,
  "delay", delay, "priority", opts.priority or 0, "attempts", opts.attempts or 1)
if delay > 0 then
  redis.call("ZADD", KEYS[3], now + delay, id)
  redis.call("XADD", KEYS[4], "MAXLEN", "~", 50, now .. "-*", "event", "delayed", "jobId", id,
    "delay", delay)
else
  redis.call("LPUSH", KEYS[2], id)
  redis.call("XADD", KEYS[4], "MAXLEN", "~", 50, now .. "-*", "event", "waiting", "jobId", id)
end
return id
