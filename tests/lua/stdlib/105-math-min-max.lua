print(math.min(3, 1, 2), math.max(3, 1, 2), math.min(5), math.max(-1, -1/0), math.min(1, 0/0) ~= math.min(1, 0/0))
print(math.max("10", 9), math.min(1.5, "1.25"))
print(pcall(math.min), pcall(math.max))
print(pcall(math.max, 1, "x"))
