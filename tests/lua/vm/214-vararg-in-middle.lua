local function f(...) return {..., "end"} end
local t = f(1, 2, 3)
print(#t, t[1], t[2])
local function g(...) return ..., "last" end
print(g(1, 2))
print((g(1, 2)))
