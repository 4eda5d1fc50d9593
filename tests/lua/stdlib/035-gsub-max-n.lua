local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end
for n = -1, 5 do print(n, show(string.gsub("a a a a", "a", "b", n))) end
print(show(string.gsub("abc", "", "-")))
print(show(string.gsub("abc", "", "-", 2)))
print(show(string.gsub("abc", ".-", "-")))
print(show(string.gsub("abc", "x*", "-")))
