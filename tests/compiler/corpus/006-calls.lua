local function f(...) return ... end
print(f(1, 2, 3))
print((f(1, 2, 3)))
local a, b, c = f(1), f(2, 3)
local t = {f(1, 2), f(3, 4)}
f(f(f()))
local s = ("x"):rep(3)
local m = string.format("%d", 3):upper()
return f(a, b, c, t, s, m)
