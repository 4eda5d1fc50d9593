local f = loadstring("local x = 1 return x + 41", "=fixed")
local d = string.dump(f)
print(#d)
print((string.gsub(d, ".", function(c) return string.format("%02x", string.byte(c)) end)))
