-- The top N as JSON, with each player's games from their hash. KEYS[1]: board;
-- ARGV[1]: N, ARGV[2]: the profile key prefix.
local top = redis.call("ZREVRANGE", KEYS[1], 0, tonumber(ARGV[1]) - 1, "WITHSCORES")
local out = {}
for i = 1, #top, 2 do
  local name, score = top[i], tonumber(top[i + 1])
  local games = redis.call("HGET", ARGV[2] .. name, "games")
  table.insert(out, {rank = (i + 1) / 2, name = name, score = score, games = tonumber(games)})
end
return cjson.encode(out)
