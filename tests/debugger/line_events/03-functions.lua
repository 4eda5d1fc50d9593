local function add(x, y)
  return x + y
end
local function twice(f, v)
  local r = f(v, v)
  return f(r, r)
end
local t = twice(add, 2)
local g = function() return 1 end
t = t + g()
local function rec(n) if n == 0 then return 0 end return rec(n - 1) end
rec(3)
