redis.call("set", "after", "yes")
return redis.call("get", "seed")
