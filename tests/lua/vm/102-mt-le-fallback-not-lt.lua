local log = {}
local mt = {__lt = function(a, b) log[#log + 1] = "lt" return false end}
local x, y = setmetatable({}, mt), setmetatable({}, mt)
print(x <= y, x >= y, table.concat(log, ","))
