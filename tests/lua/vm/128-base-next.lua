local t = {10, 20}
print(next({}))
local k, v = next(t)
print(k, v)
print(next(t, 2))
print(pcall(next, t, "nonexistent"))
print(pcall(next, nil))
