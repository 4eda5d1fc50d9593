print(string.gsub("one two", "%f[%w]", "|"))
local parts = {}
for a in string.gmatch("one two", "%f[%w]") do parts[#parts + 1] = "<" .. tostring(a) .. ">" end
print(#parts, table.concat(parts))
print(string.find("one two", "%f[%w]", 2))
