-- Counts per state and the last events. KEYS: wait, active, delayed, completed, failed, events.
local counts = {
  redis.call("LLEN", KEYS[1]), redis.call("LLEN", KEYS[2]), redis.call("ZCARD", KEYS[3]),
  redis.call("ZCARD", KEYS[4]), redis.call("ZCARD", KEYS[5]), redis.call("XLEN", KEYS[6]),
}
local last = redis.call("XREVRANGE", KEYS[6], "+", "-", "COUNT", 3)
return {counts, last}
