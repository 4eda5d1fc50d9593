math.randomseed(12345)
local out = {}
for i = 1, 10 do out[#out + 1] = string.format("%.17g", math.random()) end
print(table.concat(out, " "))
for i = 1, 10 do io.write(math.random(100), " ") end print()
for i = 1, 10 do io.write(math.random(-5, 5), " ") end print()
