local a = 1
do
  local a = a + 1
  do
    local a = a + 1
    g = a
  end
  g = a
end
local function rec(n) if n > 0 then return rec(n - 1) end return n end
local rec2
rec2 = function(n) return n > 0 and rec2(n - 1) or n end
local b, c
local d, e = 1
local f, g2, h = 1, 2, 3, 4
do local x end
do local y = 1; local z = y end
