local fs = {}
for i = 1, 10 do
  local captured = i
  do
    local inner = captured * 2
    fs[i] = function() return inner end
    if inner > 6 then break end
  end
end
while true do
  local x = 1
  local f = function() return x end
  if f() then break end
end
for k, v in pairs(t) do
  local c = v
  if c then
    local g = function() return c end
    break
  end
end
return fs
