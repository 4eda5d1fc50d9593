local t = {}
local src = "return {" .. string.rep("1,", 300) .. "}"
local big = loadstring(src)()
print(#big)
local mixed = {1, 2, x = 1, 3, y = 2, 4, [10] = 10, 5}
print(#mixed, mixed[5], mixed[10], mixed.x)
local function three() return 7, 8, 9 end
local tail = {1, three()}
local mid = {three(), 1}
print(#tail, #mid, tail[4], mid[2])
