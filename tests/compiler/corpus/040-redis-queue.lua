local moved = {}
local n = tonumber(ARGV[1]) or 1
while #moved < n do
  local item = redis.call('RPOPLPUSH', KEYS[1], KEYS[2])
  if not item then break end
  moved[#moved + 1] = item
end
local ok, err = pcall(redis.call, 'LLEN', KEYS[2])
if not ok then return redis.status_reply('ERR ' .. tostring(err)) end
return {#moved, err}
