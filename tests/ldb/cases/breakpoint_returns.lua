local r = redis.breakpoint()
redis.debug(r)
return tostring(r)
