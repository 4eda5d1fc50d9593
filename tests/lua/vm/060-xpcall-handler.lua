local function handler(e) return "handled: " .. tostring(e) end
print(xpcall(function() error("boom") end, handler))
print(xpcall(function() return 1, 2 end, handler))
print(xpcall(function() error({}) end, function(e) return type(e) end))
print(xpcall(function() local x = nil; return x.y end, function(e) return (string.gsub(e, "^[^:]*:%d+: ", "")) end))
