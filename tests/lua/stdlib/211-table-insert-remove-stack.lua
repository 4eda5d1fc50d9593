local st = {}
for i = 1, 10 do table.insert(st, i * i) end
local out = {}
while #st > 0 do out[#out + 1] = table.remove(st) end
print(table.concat(out, " "))
local q = {}
for i = 1, 5 do table.insert(q, 1, i) end
print(table.concat(q, " "))
while #q > 0 do io.write(table.remove(q, 1), " ") end print()
