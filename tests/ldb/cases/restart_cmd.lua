redis.call("incr", "counter")
local v = redis.call("get", "counter")
return v
