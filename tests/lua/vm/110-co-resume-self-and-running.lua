local co
co = coroutine.create(function()
  print(coroutine.resume(co))
  local outer = coroutine.create(function() end)
  return "ok"
end)
print(coroutine.resume(co))
