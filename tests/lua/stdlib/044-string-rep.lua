print(string.rep("ab", 3), string.rep("x", 0), string.rep("x", -5), string.rep("", 100))
print(#string.rep("abc", 1000))
print(string.rep("a", 2.9))
print(pcall(string.rep, "x"))
