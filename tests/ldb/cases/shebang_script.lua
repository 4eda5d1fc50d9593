#!lua flags=no-writes
local a = redis.call("get", "x")
return a
