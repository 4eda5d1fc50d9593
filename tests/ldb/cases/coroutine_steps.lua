local co = coroutine.create(function(a)
  local b = coroutine.yield(a + 1)
  return b * 2
end)
local ok, v = coroutine.resume(co, 1)
local ok2, v2 = coroutine.resume(co, 10)
return {v, v2}
