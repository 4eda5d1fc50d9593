local fs = {}
local i = 0
repeat
  local j = i
  fs[#fs + 1] = function() return j end
  i = i + 1
until j >= 3
repeat
  local k = i
  if k > 10 then break end
  fs[#fs + 1] = function() return k end
  i = i + 1
until k > 5
return fs
