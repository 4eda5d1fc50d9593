local m = redis.call("hgetall", "h")
local s = redis.call("smembers", "st")
local n = redis.call("get", "missing")
local d = redis.call("zscore", "z", "m")
local st = redis.call("ping")
local arr = redis.call("lrange", "nolist", 0, -1)
return 1
