-- args:
local t = nil
return t.x
