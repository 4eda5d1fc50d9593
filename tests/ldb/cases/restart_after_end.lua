return redis.call("incr", "runs")
