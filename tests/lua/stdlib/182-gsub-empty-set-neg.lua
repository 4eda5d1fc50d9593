print(string.gsub("aXbXc", "[^X]*", "<%0>"))
local parts = {}
for a in string.gmatch("aXbXc", "[^X]*") do parts[#parts + 1] = "<" .. tostring(a) .. ">" end
print(#parts, table.concat(parts))
print(string.find("aXbXc", "[^X]*", 2))
