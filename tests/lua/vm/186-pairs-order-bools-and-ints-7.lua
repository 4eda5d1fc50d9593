local t = {}
for i = 1, 7 do local k = i if k ~= nil then t[k] = i end end
if 7 > 0 and "bools-and-ints" == "bools-and-ints" then t[true] = "T" t[false] = "F" end
local out = {}
for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
print(table.concat(out, " "))
print(#t)
