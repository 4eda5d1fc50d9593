local t = {"a", "b", "c", "d"}
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 5), table.concat(t, ","))
print(table.remove({}), select("#", table.remove({})))
local u = {1, 2, 3}
print(table.remove(u, 2), u[1], u[2], u[3])
print(pcall(table.remove))
