math.randomseed(65535)
local t = {}
for i = 1, 100 do t[i] = math.random(1, 50) end
local cmps = 0
table.sort(t, function(a, b) cmps = cmps + 1 return a < b end)
print(cmps, table.concat(t, " "))
local s = {}
for i = 1, 40 do s[i] = string.char(math.random(97, 122), math.random(97, 122)) end
table.sort(s)
print(table.concat(s, " "))
