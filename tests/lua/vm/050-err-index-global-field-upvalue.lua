local up
print(pcall(function() return undefined_global.x end))
print(pcall(function() return up.x end))
local t = {inner = {}}
print(pcall(function() return t.inner.deeper.x end))
print(pcall(function() return t[1][2] end))
