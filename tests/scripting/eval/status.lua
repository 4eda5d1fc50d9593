-- args: k , a
redis.call('SET', KEYS[1], ARGV[1])
return redis.call('SET', KEYS[1], 'again')
