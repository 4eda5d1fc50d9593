local mt = {__add = function(a, b) return "meta" end}
print(pcall(function() return "abc" + setmetatable({}, mt) end))
print(pcall(function() return "10" + 1 end))
