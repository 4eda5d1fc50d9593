local a = 1
redis.call("set", "ab", "1")
local b = 2
return a + b
