local wk = setmetatable({}, {__mode = "k"})
local k1 = {}
wk[k1] = "kept"
wk[{}] = "dropped"
collectgarbage()
local n = 0
for k, v in pairs(wk) do n = n + 1 end
print(n, wk[k1])
