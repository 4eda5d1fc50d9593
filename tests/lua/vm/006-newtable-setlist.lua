local t = {1, 2, 3, "four", nil, 6}
print(#t == 6 or #t == 4, t[1], t[4], t[5], t[6])
local big = {}
for i = 1, 120 do big[i] = i end
local u = {unpack(big)}
print(#u, u[1], u[50], u[51], u[120])
