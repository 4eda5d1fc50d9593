local s = 0
for i = 1, 3 do s = s + i end
for i = 3, 1, -1 do
  s = s - i
end
return s
