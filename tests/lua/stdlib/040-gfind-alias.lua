for w in string.gfind("x y z", "%a") do io.write(w) end print()
print(string.gfind == string.gmatch)
