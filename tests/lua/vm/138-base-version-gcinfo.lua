print(_VERSION)
print(type(gcinfo()), type(collectgarbage("count")))
print(collectgarbage(), collectgarbage("collect"), collectgarbage("step") ~= nil)
print(pcall(collectgarbage, "bogus"))
