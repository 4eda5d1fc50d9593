local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "abcabcabc"
print(1, show(string.find(s, "b", 1)))
print(2, show(string.find(s, "b", 2)))
print(3, show(string.find(s, "b", 3)))
print(5, show(string.find(s, "b", 5)))
print(-1, show(string.find(s, "b", -1)))
print(-3, show(string.find(s, "b", -3)))
print(-100, show(string.find(s, "b", -100)))
print(0, show(string.find(s, "b", 0)))
print(10, show(string.find(s, "b", 10)))
print(100, show(string.find(s, "b", 100)))
