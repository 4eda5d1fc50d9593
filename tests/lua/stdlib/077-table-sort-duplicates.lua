local t = {3, 1, 3, 1, 2, 2, 3, 1}
table.sort(t)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
