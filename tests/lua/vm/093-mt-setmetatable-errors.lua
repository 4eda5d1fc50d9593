print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
print(getmetatable(1), getmetatable(nil), getmetatable({}))
local t = {}
print(setmetatable(t, nil) == t)
