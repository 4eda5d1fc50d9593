local fs, i = {}, 0
while i < 3 do
  i = i + 1
  local captured = i
  fs[i] = function() captured = captured + 100 return captured end
end
print(fs[1](), fs[1](), fs[2](), fs[3]())
