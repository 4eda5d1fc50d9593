for k, v in pairs(t) do print(k, v) end
for i, v in ipairs(t) do print(i, v) end
for k in next, t do print(k) end
for k in next, t, nil, extra do print(k) end
for a, b, c, d, e in iter() do print(a, b, c, d, e) end
for line in io.lines() do end
local function range(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
for i in range(3) do
  for j in range(i) do
    if j == 2 then break end
  end
end
