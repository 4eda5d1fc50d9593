local long = {}
for i = 1, 50 do long[i] = "item" .. i end
redis.debug(long)
redis.call("rpush", "l", unpack(long))
return #long
