local mt = {__eq = function() return true end}
local t = setmetatable({}, mt)
print(t == "x", t == 1, t == nil, t == t)
