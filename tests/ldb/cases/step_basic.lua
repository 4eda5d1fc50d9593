local a = 1
local t = {1, 2, 3}
redis.call("set", KEYS[1], ARGV[1])
local v = redis.call("get", KEYS[1])
return {a, v}
