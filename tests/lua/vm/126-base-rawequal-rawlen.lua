local t = {}
print(rawequal(t, t), rawequal(t, {}), rawequal(1, 1), rawequal("a", "a"), rawequal(1, "1"))
print(pcall(rawequal, 1))
