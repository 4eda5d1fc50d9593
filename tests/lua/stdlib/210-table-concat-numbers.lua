print(table.concat({1, 2.5, -0.0, 1e100, 1/3}, " "))
print(table.concat({"a", "b"}, 3))
print(table.concat({1, 2, 3}, "", 2, 2))
