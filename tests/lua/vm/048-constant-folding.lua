local a = 2 * 3 + 4 ^ 2 / 8 - 1
local b = "x" .. "y"
local c = -(-(3))
print(a, b, c)
