local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end
local s = "a.b*c[d]%e(f)"
for _, p in ipairs({".", "*", "[d]", "%e", "(f)", "b*c", "x"}) do
  print(p, show(string.find(s, p, 1, true)), show(string.find(s, p, 3, true)))
end
print(show(string.find("abc", "", 10, true)), show(string.find("", "", 1, true)))
