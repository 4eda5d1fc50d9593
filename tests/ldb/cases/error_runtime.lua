local t = nil
local a = 1
return t.x + a
