local t = {1, 2, 3, nil, 5}
print(table.getn(t), table.maxn(t))
print(pcall(table.setn, t, 10))
local u = {[1] = 1, [100] = 2, [2.5] = 3, x = 4}
print(table.maxn(u), table.maxn({}), table.maxn({[-5] = 1}))
print(pcall(table.getn, nil))
