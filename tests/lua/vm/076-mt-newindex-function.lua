local log = {}
local t = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v) rawset(t, k, v) end})
t.x = 1
t.x = 2
t.y = nil
print(table.concat(log, ","), t.x)
