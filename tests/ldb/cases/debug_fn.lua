redis.debug("hello", 1, 2.5, true, nil, {1, 2}, {a = 1})
redis.debug()
local x = redis.debug("x")
redis.debug(x)
return 1
