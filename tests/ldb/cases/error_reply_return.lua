local e = redis.error_reply("MYERR custom")
local s = redis.status_reply("FINE")
return e
