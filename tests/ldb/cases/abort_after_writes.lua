redis.call("set", "w", "1")
local a = 1
redis.call("set", "w2", "2")
return a
