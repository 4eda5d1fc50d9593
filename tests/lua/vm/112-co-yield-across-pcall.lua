local co = coroutine.create(function()
  local ok, e = pcall(coroutine.yield, "from pcall")
  print("pcall returned", ok, e)
  return "end"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
