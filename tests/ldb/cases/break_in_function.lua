local function inc(n)
  return n + 1
end
local v = 0
for i = 1, 3 do
  v = inc(v)
end
return v
