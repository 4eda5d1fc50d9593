print(coroutine.running())
local co
co = coroutine.create(function()
  local r = coroutine.running()
  print(r == co, coroutine.status(co))
end)
coroutine.resume(co)
