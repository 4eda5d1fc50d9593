local hits = {}
for b = 0, 255 do
  if string.find(string.char(b), "^%s$") then hits[#hits + 1] = b end
end
print(#hits)
print(table.concat(hits, " "))
local inset = 0
for b = 0, 255 do if string.find(string.char(b), "^[%s]$") then inset = inset + 1 end end
print(inset == #hits)
