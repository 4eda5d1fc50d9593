print(string.gsub("aaa", "a*", "X"))
local parts = {}
for a in string.gmatch("aaa", "a*") do parts[#parts + 1] = "<" .. tostring(a) .. ">" end
print(#parts, table.concat(parts))
print(string.find("aaa", "a*", 2))
