local cache = setmetatable({}, {__mode = "v"})
cache[1] = {}
cache[2] = "string stays"
local keep = {}
cache[3] = keep
collectgarbage()
print(cache[1], cache[2], cache[3] == keep)
