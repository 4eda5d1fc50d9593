print(pcall(select))
print(pcall(select, "x"))
print(select(5, 1, 2))
