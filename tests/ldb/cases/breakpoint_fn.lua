local a = 1
redis.breakpoint()
local b = 2
local c = 3
redis.breakpoint()
return a + b + c
