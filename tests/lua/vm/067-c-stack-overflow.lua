local t = setmetatable({}, {})
getmetatable(t).__index = function(t, k) return t[k] end
local ok, e = pcall(function() return t.x end)
print(ok, e)
