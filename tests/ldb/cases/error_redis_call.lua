redis.call("set", "s", "v")
local ok = redis.pcall("incr", "s")
redis.call("lpush", "s", "x")
return 1
