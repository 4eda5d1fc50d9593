local base = {greet = "hi", n = 1}
local obj = setmetatable({n = 2}, {__index = base})
print(obj.greet, obj.n, obj.none, rawget(obj, "greet"))
