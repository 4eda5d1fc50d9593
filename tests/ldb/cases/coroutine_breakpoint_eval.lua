local gen = coroutine.wrap(function()
  for i = 1, 3 do
    redis.breakpoint()
    coroutine.yield(i)
  end
end)
local sum = 0
for _ = 1, 3 do sum = sum + gen() end
return sum
