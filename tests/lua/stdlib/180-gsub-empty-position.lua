print(string.gsub("abc", "()", "%1"))
local parts = {}
for a in string.gmatch("abc", "()") do parts[#parts + 1] = "<" .. tostring(a) .. ">" end
print(#parts, table.concat(parts))
print(string.find("abc", "()", 2))
