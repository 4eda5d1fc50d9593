local mt = getmetatable("")
print(type(mt), mt.__index == string, ("abc"):upper(), ("x"):rep(3))
local s = "hello"
print(s:len(), s:sub(2, 3), #s)
