local t = setmetatable({}, {__index = function(t, k) error("no key " .. k) end})
print(pcall(function() return t.abc end))
