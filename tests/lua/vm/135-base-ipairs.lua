local t = {1, 2, nil, 4}
for i, v in ipairs(t) do io.write(i, ":", v, " ") end print()
local p = setmetatable({}, {__index = function(_, i) if i < 4 then return i * 10 end end})
for i, v in ipairs(p) do io.write(i, ":", v, " ") end print()
print(pcall(ipairs))
