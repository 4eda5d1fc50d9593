local t = {10, 20, 30}
for i, v in ipairs(t) do io.write(i, "=", v, " ") end print()
local function range(n)
  return function(_, i) if i < n then return i + 1 end end, nil, 0
end
for i in range(4) do io.write(i, " ") end print()
