local big = string.rep("x", 300)
local t = {}
for i = 1, 40 do t[i] = i end
return #big
