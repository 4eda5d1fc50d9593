local big = string.rep("z", 300)
redis.debug("dbg", big)
redis.call("set", "c", big)
redis.pcall("incr", "c")
return big
