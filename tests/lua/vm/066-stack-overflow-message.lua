local depth = 0
local function dive() depth = depth + 1; dive() end
local ok, e = pcall(dive)
print(ok, e)
print(depth > 1000)
