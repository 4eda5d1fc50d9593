print(pcall(function() local t = setmetatable({}, {}) t() end))
print(pcall(function() local t = setmetatable({}, {__call = 1}) t() end))
