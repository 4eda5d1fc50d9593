return redis.status_reply("ALLGOOD")
