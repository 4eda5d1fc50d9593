local n = 0
local t = {}
for i = 1, 150000 do n = n + 1 end
local s = 0
for i = 1, 30000 do t[i] = i; s = s + t[i] * 2 - 1 end
return n + s
