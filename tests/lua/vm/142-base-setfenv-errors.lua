print(pcall(setfenv, 1, 1))
print(pcall(setfenv, print, {}))
print(pcall(getfenv, -1))
print(pcall(setfenv, 50, {}))
