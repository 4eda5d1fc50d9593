local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "key=val key2=val2"
print(1, show(string.match(s, "(%w+)=(%w+)", 1)))
print(2, show(string.match(s, "(%w+)=(%w+)", 2)))
print(5, show(string.match(s, "(%w+)=(%w+)", 5)))
print(9, show(string.match(s, "(%w+)=(%w+)", 9)))
print(-8, show(string.match(s, "(%w+)=(%w+)", -8)))
print(50, show(string.match(s, "(%w+)=(%w+)", 50)))
