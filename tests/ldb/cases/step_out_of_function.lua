local function f()
  local x = 1
  return x
end
local y = f()
local z = y + 1
return z
