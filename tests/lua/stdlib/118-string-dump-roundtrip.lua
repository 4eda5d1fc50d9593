local function add(a, b) return a + b, "sum" end
local dumped = string.dump(add)
print(type(dumped), dumped:sub(1, 4) == "\27Lua")
local back = loadstring(dumped)
print(back(2, 3))
local function with_upvalue() return tostring(nil) end
print(loadstring(string.dump(with_upvalue))())
print(pcall(string.dump, print))
local nested = loadstring(string.dump(function(n) local function fact(k) if k < 2 then return 1 end return k * fact(k - 1) end return fact(n) end))
print(nested(10))
