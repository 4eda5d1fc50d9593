local t = (function() local t = {} local x = 7 for i = 1, 200 do x = (x * 31 + 11) % 1009 t[i] = x end return t end)()
table.sort(t)
local out = {}
for i, v in ipairs(t) do out[i] = type(v) == 'table' and (v.n .. v.s) or tostring(v) end
print(table.concat(out, " "))
