local t = {"pear", "apple", "fig", "banana", "cherry", "Apple", "apple2"}
table.sort(t)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
