print(string.format("%s=%d (%5.2f%%) [%-6s] %x %q", "k", 10, 99.5, "ab", 255, "z"))
print(string.format("%c%c%c", 76, 117, 97))
print(pcall(string.format, "%3$s", "a"))
