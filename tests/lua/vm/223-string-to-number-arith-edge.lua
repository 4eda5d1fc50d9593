print("0x10" * 1, "1e1" * 1, ".5" * 2, "5." * 2, " \t10\n" * 1)
print(pcall(function() return "1 2" * 1 end))
print(pcall(function() return "" * 1 end))
print(10 == "10", 0 < 1)
