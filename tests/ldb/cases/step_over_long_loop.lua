local s = 0
for i = 1, 120000 do s = s + i end
local big = {}
for i = 1, 3 do big[i] = string.rep("y", 100) end
return s
