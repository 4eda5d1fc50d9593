local a, b, c, d = f()
local x = a .. b .. c .. d
x = (a .. b) .. c
x = a .. (b .. c)
x = "a" .. 1 .. 2
x = f() .. g() .. h()
x = a .. b + c .. d
x = ((a .. b) .. (c .. d))
t.x = a .. b
g = "k" .. #a
return a .. b
