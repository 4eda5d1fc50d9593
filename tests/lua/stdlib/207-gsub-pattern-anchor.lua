print(string.gsub("aaa", "^a", "b"))
print(string.gsub("aaa", "^a*", "b"))
print(string.gsub("hello world", "^%w+", string.upper))
print(string.gsub("abc", "^", ">"))
