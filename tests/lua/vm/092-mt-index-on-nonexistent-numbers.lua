local defaults = setmetatable({}, {__index = function(_, k) return k * 2 end})
for i = 1, 5 do io.write(defaults[i], " ") end print()
