io.write("partial ")
print(string.format("%d", {}))
