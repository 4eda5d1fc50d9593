local t = {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
table.sort(t)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
