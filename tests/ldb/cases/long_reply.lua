local r = redis.call("lrange", "big", 0, -1)
local h = redis.call("hgetall", "hh")
return #r
