local i = 0
local fs = {}
repeat
  local j = i
  fs[#fs + 1] = function() return j end
  i = i + 1
until j >= 2
print(#fs, fs[1](), fs[3]())
