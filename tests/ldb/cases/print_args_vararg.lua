local function va(a, ...)
  local n = select("#", ...)
  return n
end
local function fixed(a, b, c)
  local d = a
  return d
end
va(1, 2, 3)
fixed(1)
return 1
