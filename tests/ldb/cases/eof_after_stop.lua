local a = redis.breakpoint()
local b = 2
return b
