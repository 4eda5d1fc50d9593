local board = KEYS[1]
for i = 1, #ARGV, 2 do
  redis.call('ZINCRBY', board, ARGV[i + 1], ARGV[i])
end
local top = redis.call('ZREVRANGE', board, 0, 9, 'WITHSCORES')
local result = {}
for i = 1, #top, 2 do
  result[#result + 1] = top[i] .. '=' .. top[i + 1]
end
return result
