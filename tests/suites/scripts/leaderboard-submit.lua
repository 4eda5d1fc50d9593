-- Record a game result. KEYS[1]: the board (sorted set), KEYS[2]: the player's hash.
-- ARGV: player, points (may be fractional), game id, board size to keep.
local board, profile = KEYS[1], KEYS[2]
local player, points, game, keep = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
if not points then
  return redis.error_reply("points must be a number")
end
local total = redis.call("ZINCRBY", board, points, player)
redis.call("HINCRBY", profile, "games", 1)
redis.call("HSET", profile, "last_game", game)
local best = tonumber(redis.call("HGET", profile, "best") or "-inf")
if points > best then
  redis.call("HSET", profile, "best", points)
end
local size = redis.call("ZCARD", board)
local dropped = 0
if size > keep then
  dropped = redis.call("ZREMRANGEBYRANK", board, 0, size - keep - 1)
end
local rank = redis.call("ZREVRANK", board, player)
return {total, rank or -1, dropped}
