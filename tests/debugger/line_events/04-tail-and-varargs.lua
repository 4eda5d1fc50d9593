local function count(...)
  return select('#', ...)
end
local function pass(...)
  return count(...)
end
local n = pass(1, 2, 3)
local t = {pass(1), pass(nil, nil)}
if n > 2 then
  n = 0
else
  n = 1
end
