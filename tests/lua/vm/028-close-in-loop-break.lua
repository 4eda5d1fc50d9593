local fs = {}
for i = 1, 10 do
  local x = i * 2
  fs[#fs + 1] = function() x = x + 1 return x end
  if i == 3 then break end
end
print(fs[1](), fs[1](), fs[2](), fs[3]())
