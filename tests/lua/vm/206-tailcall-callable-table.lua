local t = setmetatable({}, {__call = function(self, n) return n * 2 end})
local function f(n) return t(n) end
print(f(21))
