local function iter()
  return coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
end
for v in iter() do io.write(v, " ") end print()
