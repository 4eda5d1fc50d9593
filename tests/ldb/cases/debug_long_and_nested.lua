local t = {}
t.self = t
redis.debug(t, string.rep("d", 400))
redis.debug({["a b"] = {1, 2}, [true] = false, [1.5] = "x"})
return 1
