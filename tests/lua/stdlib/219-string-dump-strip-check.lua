local f = function(a) local b = a * 2 return b end
local d1 = string.dump(f)
local d2 = string.dump(loadstring(d1))
print(d1 == d2, #d1 > 20)
print(pcall(loadstring, d1:sub(1, 10)))
