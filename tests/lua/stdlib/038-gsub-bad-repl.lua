print(pcall(string.gsub, "abc", "a", 1))
print(pcall(string.gsub, "abc", "a", true))
print(pcall(string.gsub, "abc", "a"))
print(pcall(string.gsub, "abc"))
