local ok, e = pcall(error, setmetatable({}, {__tostring = function() return "custom error" end}))
print(ok, tostring(e))
