local t = {1, 2, 3, x = "x", y = "y", [10] = 10, [2.5] = "f", [true] = "t", [-1] = "m"}
for k, v in pairs(t) do print(k, v) end
