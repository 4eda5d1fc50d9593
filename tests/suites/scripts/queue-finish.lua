-- Finish an active job: completed or failed (retried while attempts remain), keeping at most
-- ARGV[5] finished jobs. KEYS[1]: active, KEYS[2]: completed zset, KEYS[3]: failed zset,
-- KEYS[4]: wait, KEYS[5]: events, KEYS[6]: job prefix. ARGV: id, outcome ("ok"/"fail"),
-- result or reason, now (ms), keep.
local id, outcome, detail, now, keep = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]),
  tonumber(ARGV[5])
local job_key = KEYS[6] .. id
if redis.call("LREM", KEYS[1], -1, id) == 0 then
  return redis.error_reply("Missing job " .. id .. " in active")
end
local target, event = KEYS[2], "completed"
if outcome == "ok" then
  redis.call("HSET", job_key, "returnvalue", detail, "finishedOn", now)
else
  local made = tonumber(redis.call("HGET", job_key, "attemptsMade"))
  local allowed = tonumber(redis.call("HGET", job_key, "attempts"))
  redis.call("HSET", job_key, "failedReason", detail)
  if made < allowed then
    redis.call("RPUSH", KEYS[4], id)
    redis.call("XADD", KEYS[5], "MAXLEN", "~", 50, now .. "-*", "event", "retry", "jobId", id)
    return {"retried", made}
  end
  target, event = KEYS[3], "failed"
  redis.call("HSET", job_key, "finishedOn", now)
end
redis.call("ZADD", target, now, id)
redis.call("XADD", KEYS[5], "MAXLEN", "~", 50, now .. "-*", "event", event, "jobId", id)
local trimmed = 0
local count = redis.call("ZCARD", target)
if count > keep then
  local old = redis.call("ZRANGE", target, 0, count - keep - 1)
  for _, old_id in ipairs(old) do
    redis.call("DEL", KEYS[6] .. old_id)
  end
  trimmed = redis.call("ZREMRANGEBYRANK", target, 0, count - keep - 1)
end
return {event, trimmed}
