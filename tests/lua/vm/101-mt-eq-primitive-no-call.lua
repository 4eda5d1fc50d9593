local called = false
local mt = {__eq = function() called = true return true end}
local a = setmetatable({}, mt)
print(a == a, called)
