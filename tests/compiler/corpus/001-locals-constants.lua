local a, b, c = 1, "two", nil
local d = true
local e, f = false
local g = -0.5
local h = 1e300
a = b
c = 3
print(a, b, c, d, e, f, g, h, "tab\tquote\"back\\slash\0nul\200high")
