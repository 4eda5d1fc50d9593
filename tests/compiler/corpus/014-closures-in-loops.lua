local fs = {}
for i = 1, 3 do
  fs[i] = function() return i end
end
for k, v in pairs({a = 1}) do
  fs[k] = function() return k, v end
end
local n = 0
while n < 3 do
  local m = n
  fs[#fs + 1] = function() return m end
  n = n + 1
end
repeat
  local r = n
  fs[#fs + 1] = function() return r end
  n = n - 1
until r < 1
for i = 1, 10 do
  local x = i
  if x > 5 then
    local y = function() return x end
    break
  end
end
return fs
