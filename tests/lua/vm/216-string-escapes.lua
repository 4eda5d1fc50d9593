print("\97\98\99", "\x41", "tab\tend", "a\
b", "\"q\"", '\'s\'', "\\", #"\0\00\000")
print(pcall(loadstring, [[return "\300"]]))
print(loadstring([[return "\300"]]))
print(type(loadstring([[return "\q"]])), loadstring([[return "\q"]])())
