local t = setmetatable({}, {__index = function() return "x" end})
print(rawget(t, 1), rawset(t, 1, "v") == t, rawget(t, 1))
print(pcall(rawget, 1, 1))
print(pcall(rawset, {}, nil, 1))
