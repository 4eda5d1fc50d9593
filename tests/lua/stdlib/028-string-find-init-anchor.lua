local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "aaa"
print(1, show(string.find(s, "^a", 1)))
print(2, show(string.find(s, "^a", 2)))
print(3, show(string.find(s, "^a", 3)))
print(4, show(string.find(s, "^a", 4)))
print(-1, show(string.find(s, "^a", -1)))
