x = 1
x = x + 1
local x = x
y, z = x, w
local function setter(v) x = v; y = v; return function() x = x + 1; return x end end
local x = 5
do local x = 6; g = x end
g = x
local print = print
print(x)
