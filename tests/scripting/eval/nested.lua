-- args: k1 k2 , a1 a2
return {KEYS[1], ARGV[2], {1, {}, {ok = 'x'}, {err = 'E y'}, 3.5}, redis.call('GET', 'nokey')}
