local n = 0
for i = 1, 5 do
  n = n + i
end
return n
