local a = nil or "default"
local b = false and "x"
local c = 0 and "zero is true"
local d = nil and nil or 5
print(a, b, c, d, 1 or error("no"), false or nil)
