local t = {}
for i = 1, 30 do t[i] = (i * 17) % 13 end
print(pcall(table.sort, t, function(a, b) return true end))
local u = {3, 1, 2}
print(pcall(table.sort, u, function(a, b) return a <= b end), table.concat(u, " "))
local w = {5, 4, 3, 2, 1, 0}
table.sort(w, function(a, b) return (a + b) % 3 == 0 end)
print(table.concat(w, " "))
