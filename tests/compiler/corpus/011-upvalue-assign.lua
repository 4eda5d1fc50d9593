local a, b, c
local function set(x)
  a, b, c = x, x .. "", #x
  local d = a
  a = nil
  return function() d = d .. b; return d, c end
end
local x, y = set("q")
x, y = y, x
local t = {}
t.x, t.y, a = 1, 2, 3
return x, y, t
