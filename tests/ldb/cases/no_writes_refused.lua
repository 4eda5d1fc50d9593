#!lua flags=no-writes
local v = redis.call("get", "x")
local ok = redis.pcall("set", "x", "2")
return redis.call("set", "x", "3")
