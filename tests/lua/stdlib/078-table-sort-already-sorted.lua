local t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
table.sort(t)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
