local sum = 0
for i = 1, 3 do sum = sum + i end
for i = 1, 2 do
  sum = sum + i
end
local n = 0
while n < 3 do
  n = n + 1
end
repeat
  n = n - 1
until n == 0
for k, v in pairs({10, 20}) do
  sum = sum + v
end
