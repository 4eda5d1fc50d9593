local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "abc"
print(1, show(string.find(s, "", 1)))
print(3, show(string.find(s, "", 3)))
print(4, show(string.find(s, "", 4)))
print(5, show(string.find(s, "", 5)))
print(-1, show(string.find(s, "", -1)))
print(0, show(string.find(s, "", 0)))
