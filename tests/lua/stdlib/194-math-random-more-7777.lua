math.randomseed(7777)
local out = {}
for i = 1, 8 do out[i] = math.random(1, 1000) end
print(table.concat(out, " "))
print(string.format("%.17g %.17g", math.random(), math.random()))
