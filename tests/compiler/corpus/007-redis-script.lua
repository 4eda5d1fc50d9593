local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) or 60
local current = redis.call('GET', key)
if current and tonumber(current) >= limit then
  return redis.error_reply('rate limited')
end
local n = redis.call('INCR', key)
if n == 1 then
  redis.call('EXPIRE', key, window)
end
local ok, err = pcall(cjson.decode, ARGV[3] or '{}')
local result = {}
for i = 1, #KEYS do
  result[#result + 1] = redis.call('TYPE', KEYS[i]).ok
end
return {n, limit - n, cjson.encode(result)}
