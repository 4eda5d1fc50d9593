local s = "hello"
local t = {1, 2, 3}
print(-5, -(-5), - 0, not nil, not 0, not "", #s, #t, #"")
