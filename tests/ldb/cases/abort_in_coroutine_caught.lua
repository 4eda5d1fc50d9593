local co = coroutine.create(function()
  local a = 1
  local b = 2
  return a + b
end)
local ok, err = coroutine.resume(co)
redis.debug(ok, err)
return type(err) == "table" and err.err or err
