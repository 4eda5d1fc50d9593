print(type(nil), type(true), type(1), type("s"), type({}), type(print), type(type), type(coroutine.create(function() end)))
print(pcall(type))
