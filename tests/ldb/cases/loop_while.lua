local n = 0
while n < 3 do
  n = n + 1
end
repeat
  n = n - 1
until n == 0
return n
