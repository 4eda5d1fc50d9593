redis.setresp(3)
local m = redis.call("hgetall", "h")
local d = redis.call("zscore", "z", "a")
return {m.map.f, d.double, redis.call("exists", "h")}
