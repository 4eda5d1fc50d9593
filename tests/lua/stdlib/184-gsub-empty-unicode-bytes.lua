print(string.gsub("\195\169t\195\169", "[\128-\255]*", "#"))
local parts = {}
for a in string.gmatch("\195\169t\195\169", "[\128-\255]*") do parts[#parts + 1] = "<" .. tostring(a) .. ">" end
print(#parts, table.concat(parts))
print(string.find("\195\169t\195\169", "[\128-\255]*", 2))
