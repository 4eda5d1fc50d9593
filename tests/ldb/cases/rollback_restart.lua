local v = redis.call("incr", "n")
local r = math.random()
return {v, tostring(r)}
