local fs = {}
for i = 1, 5 do fs[i] = function() return i end end
for i = 1, 5 do io.write(fs[i](), " ") end print()
local gs = {}
local k = 1
while k <= 3 do local m = k gs[k] = function() return m end k = k + 1 end
print(gs[1](), gs[2](), gs[3]())
