local x = 1
local x = 2
do
  local x = 3
  local y = x
end
return x
