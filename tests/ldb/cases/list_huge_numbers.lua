local a = 1
local b = 2
local c = 3
local d = 4
return a + b + c + d
