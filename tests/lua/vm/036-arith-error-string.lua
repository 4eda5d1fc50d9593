print(pcall(function() return "abc" + 1 end))
print(pcall(function() return {} * 2 end))
print(pcall(function() local s = "x" return s - 1 end))
