-- Release the resources the caller owns; reports how many it freed.
local count = 0
for _, key in ipairs(KEYS) do
  if redis.call("GET", key) == ARGV[1] then
    redis.call("DEL", key)
    count = count + 1
  end
end
return count
