local a = {x = "from a"}
local b = setmetatable({y = "from b"}, {__index = a})
local c = setmetatable({z = "from c"}, {__index = b})
print(c.x, c.y, c.z, c.w)
