local t = {}
local i = 1
i, t[i] = i + 1, "first"
print(i, t[1], t[2])
local a, b, c = (function() return 1, 2, 3 end)()
print(a, b, c)
local x, y = 1
print(x, y)
