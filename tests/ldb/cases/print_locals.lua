local function greet(name, times)
  local msg = "hi " .. name
  local n = times
  return msg .. n
end
local a, b = 1, "two"
local t = {x = 1}
local r = greet("bob", 3)
return r
