redis.call("incr", KEYS[1])
redis.call("set", "other", ARGV[1])
return redis.call("get", KEYS[1])
