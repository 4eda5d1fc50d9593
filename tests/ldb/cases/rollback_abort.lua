redis.call("set", "a", "1")
local x = 1
return x
