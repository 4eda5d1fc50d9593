local calls = 0
local t = setmetatable({}, {__index = function(t, k) calls = calls + 1 return k .. "!" end})
print(t.a, t[1], t.a, calls)
t.a = "set"
print(t.a, calls)
