local t = setmetatable({}, {__mode = "kv"})
t.a = {}
t[{}] = 1
t.s = "x"
collectgarbage()
local n = 0
for k in pairs(t) do n = n + 1 end
print(n, t.s)
