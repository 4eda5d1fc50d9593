local t = setmetatable({}, {__tostring = function(self) return "I am t" end})
print(t, tostring(t))
local u = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, u))
