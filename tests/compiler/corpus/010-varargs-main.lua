local n = select('#', ...)
local first = ...
local t = {..., n}
local function g(...)
  local a, b = ...
  return arg, a, b
end
return g(...), t, first
