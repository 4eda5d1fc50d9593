local function recurse(n) return 1 + recurse(n + 1) end
local ok, e = pcall(recurse, 1)
print(ok, (string.gsub(e, "^[^:]*:%d+: ", "")))
