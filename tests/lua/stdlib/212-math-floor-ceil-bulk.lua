local out = {}
for i = -20, 20 do local x = i / 4 out[#out + 1] = x .. ":" .. math.floor(x) .. ":" .. math.ceil(x) end
print(table.concat(out, " "))
