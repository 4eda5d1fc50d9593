local outer = "o"
local function f(x)
  local inner = x + 1
  return inner
end
local z = f(41)
return z
