local mt = {__eq = function(a, b) return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local c = setmetatable({}, {__eq = function() return true end})
print(a == b, a ~= b, a == c, a == {}, a == 1, rawequal(a, b))
