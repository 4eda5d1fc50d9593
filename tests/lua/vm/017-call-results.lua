local function three() return 1, 2, 3 end
local function none() end
print(three())
print((three()))
print(three(), "end")
print(none())
print(select('#', none()), select('#', three()))
local t = {three(), three()}
print(#t)
