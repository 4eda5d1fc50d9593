local t = {{n = 3, s = 'c'}, {n = 1, s = 'a'}, {n = 2, s = 'b'}, {n = 1, s = 'z'}}
table.sort(t, function(a, b) return a.n < b.n end)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
