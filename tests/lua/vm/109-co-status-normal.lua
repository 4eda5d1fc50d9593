local a, b
a = coroutine.create(function()
  coroutine.resume(b)
end)
b = coroutine.create(function()
  print("a is", coroutine.status(a), "b is", coroutine.status(b))
end)
coroutine.resume(a)
print(coroutine.status(a), coroutine.status(b))
