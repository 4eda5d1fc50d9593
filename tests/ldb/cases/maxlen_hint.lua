local big = string.rep("abc", 200)
redis.call("set", "k", big)
redis.call("get", "k")
return 1
