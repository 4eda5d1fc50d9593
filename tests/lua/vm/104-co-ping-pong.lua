local ping = coroutine.create(function()
  for i = 1, 5 do coroutine.yield("ping " .. i) end
  return "ping done"
end)
local pong = coroutine.wrap(function()
  for i = 1, 5 do coroutine.yield("pong " .. i) end
end)
for i = 1, 6 do
  local ok, v = coroutine.resume(ping)
  print(ok, v, i <= 5 and pong() or "")
end
