local function add(a, b)
  local s = a + b
  return s
end
local function twice(x)
  return add(x, x)
end
local r = twice(3)
r = add(r, 1)
return r
