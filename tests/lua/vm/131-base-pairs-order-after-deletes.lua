local t = {}
for i = 1, 20 do t["k" .. i] = i end
for i = 1, 20, 3 do t["k" .. i] = nil end
for k, v in pairs(t) do io.write(k, "=", v, " ") end print()
