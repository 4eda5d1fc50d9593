print(string.find(string.rep("a", 20) .. "b", "a*a*a*b"))
print(string.find(string.rep("a", 20), "a-a-b"))
print(string.match("one two three four", "(.*) (.*)"))
print(string.match("one two three four", "(.-) (.*)"))
