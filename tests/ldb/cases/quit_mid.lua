local a = 1
redis.call("set", "q", "1")
return a
