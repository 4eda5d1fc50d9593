print(os.getenv("HOME") ~= nil, os.getenv("HOME"))
print(os.getenv("SURELY_NOT_SET_VARIABLE"))
print(pcall(os.getenv))
