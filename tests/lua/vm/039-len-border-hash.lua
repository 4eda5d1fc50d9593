local t = {}
for i = 1, 10 do t[i] = i end
t[5] = nil
print(#t)
t[10] = nil
print(#t)
local h = {}
h[1] = 1 h[2] = 2 h[3] = 3 h[100] = 100
print(#h)
