redis.call("rpush", "l", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
redis.call("del", "a", "b", "c", "d", "e", "f", "g", "h", "i")
redis.call("del", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")
return redis.call("llen", "l")
