local src = {}
for i = 1, 180 do src[#src + 1] = "local v" .. i .. " = " .. i end
src[#src + 1] = "return function() return v1 + v90 + v180 end"
local f = loadstring(table.concat(src, "\n"))()
print(f())
print(loadstring(string.rep("local x ", 201) .. "= 1"))
