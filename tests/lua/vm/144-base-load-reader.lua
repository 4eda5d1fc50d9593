local parts = {"return ", "10 ", "* 4"}
local i = 0
local f = load(function() i = i + 1 return parts[i] end)
print(f())
print(type(load(function() return nil end)))
local n = 0
print(pcall(load, function() n = n + 1 if n == 1 then return "return 7" end error("reader failed") end))
