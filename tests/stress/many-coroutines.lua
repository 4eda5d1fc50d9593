-- 10 000 coroutines alive at once, each suspended inside its own loop, then all run out.
local cos = {}
for i = 1, 10000 do
  cos[i] = coroutine.create(function(step)
    local total = 0
    while step do total = total + step; step = coroutine.yield(total) end
    return total
  end)
end
for round = 1, 3 do
  for i = 1, #cos do assert(coroutine.resume(cos[i], round)) end
end
local sum = 0
for i = 1, #cos do
  local ok, total = coroutine.resume(cos[i], nil)
  sum = sum + total
  assert(coroutine.status(cos[i]) == "dead")
end
print(#cos, sum)
