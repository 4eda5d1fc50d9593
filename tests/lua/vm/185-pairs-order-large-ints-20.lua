local t = {}
for i = 1, 20 do local k = i * 1000003 if k ~= nil then t[k] = i end end
if 20 > 0 and "large-ints" == "bools-and-ints" then t[true] = "T" t[false] = "F" end
local out = {}
for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. tostring(v) end
print(table.concat(out, " "))
print(#t)
