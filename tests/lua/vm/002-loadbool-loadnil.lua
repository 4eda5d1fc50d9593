local t, f = true, false
local x, y, z
print(t, f, x, y, z)
local n = nil
print(n == nil, not n, not not t)
