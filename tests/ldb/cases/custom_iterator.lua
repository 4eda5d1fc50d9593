local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i end
  end
end
local total = 0
for v in range(2) do
  total = total + v
end
return total
