local a, b, c = 1, "two", 3.5
local d = a
local e = b
print(a, b, c, d, e)
