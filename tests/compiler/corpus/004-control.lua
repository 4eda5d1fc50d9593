local n = 0
for i = 1, 10 do
  if i % 2 == 0 then n = n + i elseif i > 7 then break else n = n - 1 end
end
for i = 10, 1, -2 do n = n + i end
while n > 0 do n = n - 3 end
repeat n = n + 1 until n >= 5
for k, v in pairs({a = 1}) do n = n + v end
for i, v in ipairs({1, 2}) do
  local captured = i
  f = function() return captured + v end
end
if n and n < 10 or n == 20 then print("x") end
local a = n > 3 and "big" or "small"
local b = not (n ~= 4)
return a, b
