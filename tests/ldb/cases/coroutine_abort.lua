local co = coroutine.create(function(x)
  local inner = x * 3
  coroutine.yield(inner)
  return inner + 1
end)
local ok, v = coroutine.resume(co, 2)
local ok2, v2 = coroutine.resume(co)
redis.call("set", "co", tostring(ok) .. tostring(ok2) .. tostring(v2))
return {tostring(ok), type(v) == "table" and v.err or tostring(v), tostring(ok2), tostring(v2)}
