-- acquire: SET NX PX, release only if the token matches
local key, token, ttl = KEYS[1], ARGV[1], tonumber(ARGV[2])
if ARGV[3] == 'release' then
  if redis.call('GET', key) == token then
    return redis.call('DEL', key)
  else
    return 0
  end
end
local ok = redis.call('SET', key, token, 'NX', 'PX', ttl)
if ok then return 1 end
return redis.call('PTTL', key)
