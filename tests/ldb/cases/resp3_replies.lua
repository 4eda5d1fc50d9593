redis.setresp(3)
local m = redis.call("hgetall", "h")
local s = redis.call("smembers", "st")
local n = redis.call("get", "missing")
local d = redis.call("zscore", "z", "m")
local e = redis.call("exists", "h")
local c = redis.call("script", "exists", "x")
return 1
