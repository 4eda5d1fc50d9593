local co = coroutine.create(function(...)
  local n = select('#', coroutine.yield(...))
  return n
end)
print(coroutine.resume(co, 1, nil, 3))
print(coroutine.resume(co, nil, nil))
