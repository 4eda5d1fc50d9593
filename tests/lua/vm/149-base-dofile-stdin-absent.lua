print(pcall(dofile, "does-not-exist.lua"))
print(loadfile("does-not-exist.lua"))
