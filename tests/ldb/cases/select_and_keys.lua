redis.call("select", 2)
redis.call("set", KEYS[1], ARGV[1])
local v = redis.call("get", KEYS[1])
return v
