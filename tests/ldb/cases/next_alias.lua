local x = 10
local y = x * 2
return y
