local function leaf(n)
  return n * 2
end
local function middle(n)
  local r = leaf(n)
  return r + 1
end
local t = {}
function t.field(n)
  return middle(n)
end
return t.field(5)
