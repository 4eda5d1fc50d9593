local t = {y = nil, s = "abc"}
print(pcall(function() return t.y + 1 end))
print(pcall(function() return 1 - t.s end))
print(pcall(function() return missing * 2 end))
local up = {}
print(pcall(function() return -up end))
print(pcall(function() local b = true return b % 2 end))
print(pcall(function() return 2 ^ {} end))
