local obj = {}
print(pcall(function() return obj:nomethod() end))
print(pcall(function() return ("abc"):nomethod() end))
print(pcall(function() local n = 3 return n:foo() end))
print(pcall(function() return #obj.list end))
