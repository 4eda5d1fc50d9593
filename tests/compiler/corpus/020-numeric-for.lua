local t = {}
for i = 1, 10 do t[i] = i end
for i = 10, 1, -1 do t[i] = -i end
for i = 0.5, 2.5, 0.25 do g = i end
for i = #t, 1, -1 do if t[i] then break end end
for i = 1, 3 do for j = i, 3 do t[i * j] = i + j end end
for i = f(), g(), h() do end
local n = 5
for i = n, n * 2, n - 4 do n = n + i end
for i = 1, 0 do error("never") end
