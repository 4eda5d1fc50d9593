local loc
local tbl = {}
print(pcall(function() undefined_fn() end))
print(pcall(function() loc() end))
print(pcall(function() tbl.method() end))
print(pcall(function() tbl:method() end))
print(pcall(function() local s = "str" s() end))
print(pcall(function() ("x")() end))
print(pcall(function() (1)() end))
