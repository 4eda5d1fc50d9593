local p = string.rep("(a)", 33)
print(pcall(string.find, string.rep("a", 40), p))
local p32 = string.rep("(a)", 32)
print(select("#", string.find(string.rep("a", 40), p32)))
