local a, b, c, d, e = f()
local x = a and b or c
x = not (a and b)
x = a or b and c
x = (a or b) == c
x = a == b and c ~= d
local y = (a and b) or (c and d) or e
y = a and b and c and d
y = a or b or c or d
y = not a or not b
y = (a < b) and (c <= d) or (e > a)
y = nil or false
y = false and nil
y = 1 and 2
y = nil and a or b
g = a and b
t.x = a or b
return a and b or c
