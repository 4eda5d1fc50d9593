local n = redis.call("incr", "r")
redis.breakpoint()
return n
