local t = {1, 2, nil, 4}
print(#t)
local u = {}
u[1] = 1 u[2] = 2 u[4] = 4
print(#u)
local v = {nil, nil, 3}
print(#v)
local w = {1, 2, 3, nil, 5, nil}
print(#w)
