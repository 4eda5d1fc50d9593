local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
local function obj(v) return setmetatable({v = v}, mt) end
print(obj(1) < obj(2), obj(2) < obj(1), obj(1) > obj(2))
print(obj(1) <= obj(2), obj(2) <= obj(2), obj(3) >= obj(2))
mt.__le = function(a, b) return "always" end
print(obj(5) <= obj(1))
