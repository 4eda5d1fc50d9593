local t = {1, 2, "three", 4.5}
print(table.concat(t), table.concat(t, ", "), table.concat(t, "-", 2), table.concat(t, "-", 2, 3), table.concat(t, "-", 3, 2))
print(table.concat({}), table.concat({}, "x"), table.concat({"a"}, "x"))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, 2}, ",", 1, 5))
print(pcall(table.concat, {true}))
print(pcall(table.concat))
