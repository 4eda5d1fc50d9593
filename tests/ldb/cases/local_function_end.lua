local function f()
  return 1
end
local g = function()
  return 2
end
return f() + g()
