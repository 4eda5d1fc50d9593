print(string.gsub("abc", "b?", "."))
local parts = {}
for a in string.gmatch("abc", "b?") do parts[#parts + 1] = "<" .. tostring(a) .. ">" end
print(#parts, table.concat(parts))
print(string.find("abc", "b?", 2))
