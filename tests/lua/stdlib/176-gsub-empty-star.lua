print(string.gsub("hello", "l*", "-"))
local parts = {}
for a in string.gmatch("hello", "l*") do parts[#parts + 1] = "<" .. tostring(a) .. ">" end
print(#parts, table.concat(parts))
print(string.find("hello", "l*", 2))
