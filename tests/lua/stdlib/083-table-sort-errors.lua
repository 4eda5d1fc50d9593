print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {3, 2, 1}, 5))
print(pcall(table.sort))
local t = {3, 1, 2}
print(pcall(table.sort, t, function(a, b) error("cmp failed") end))
