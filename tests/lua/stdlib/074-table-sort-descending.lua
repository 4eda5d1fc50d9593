local t = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0}
table.sort(t, function(a, b) return a > b end)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
