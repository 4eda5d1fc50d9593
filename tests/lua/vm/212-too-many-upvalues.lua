local src = {}
for i = 1, 61 do src[#src + 1] = "local u" .. i .. " = " .. i end
local body = {}
for i = 1, 61 do body[#body + 1] = "u" .. i end
src[#src + 1] = "return function() return " .. table.concat(body, " + ") .. " end"
print(loadstring(table.concat(src, "\n")))
