print(string.rep(5, 2), string.sub(12345, 2, 3), string.find(12345, 34), string.format("%d", "42"))
print(string.len(1e100), string.byte(10), string.gsub(100, 0, 1))
