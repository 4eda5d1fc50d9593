local t = {}
for i = 1, 10 do t[i * i] = i end
for i = -3, 3 do t[i + 0.5] = i end
for k, v in pairs(t) do io.write(k, ":", v, " ") end print()
