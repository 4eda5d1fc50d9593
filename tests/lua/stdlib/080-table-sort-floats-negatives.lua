local t = {-1.5, 2.25, -0.0, 0, 1e10, -1e10, 3.14}
table.sort(t)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
