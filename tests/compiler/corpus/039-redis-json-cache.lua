local cached = redis.call('GET', KEYS[1])
if cached then
  local value = cjson.decode(cached)
  value.hits = (value.hits or 0) + 1
  redis.call('SET', KEYS[1], cjson.encode(value), 'KEEPTTL')
  return value.hits
end
local fresh = {name = ARGV[1], hits = 1, tags = {ARGV[2], ARGV[3]}}
redis.call('SET', KEYS[1], cjson.encode(fresh), 'EX', 60)
return 1
