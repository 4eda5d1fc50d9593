local counters = {}
for i = 1, 2 do
  local c = 0
  counters[i] = function()
    c = c + i
    return c
  end
end
counters[1]()
counters[2]()
do
  local z = 5
  z = z * 2
end
local s = 0
for i = 3, 1, -1 do s = s + i end
