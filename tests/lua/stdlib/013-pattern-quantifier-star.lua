local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "aaab ab b"
print("a*", show(string.find(s, "a*")))
print("a*", show(string.match(s, "a*")))
do local r = {} for a, b in string.gmatch(s, "a*") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("a*", #r, table.concat(r, ' ')) end
print("a*", show(string.gsub(s, "a*", '<%0>')))
print("a*b", show(string.find(s, "a*b")))
print("a*b", show(string.match(s, "a*b")))
do local r = {} for a, b in string.gmatch(s, "a*b") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("a*b", #r, table.concat(r, ' ')) end
print("a*b", show(string.gsub(s, "a*b", '<%0>')))
print("ba*", show(string.find(s, "ba*")))
print("ba*", show(string.match(s, "ba*")))
do local r = {} for a, b in string.gmatch(s, "ba*") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("ba*", #r, table.concat(r, ' ')) end
print("ba*", show(string.gsub(s, "ba*", '<%0>')))
print("x*", show(string.find(s, "x*")))
print("x*", show(string.match(s, "x*")))
do local r = {} for a, b in string.gmatch(s, "x*") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("x*", #r, table.concat(r, ' ')) end
print("x*", show(string.gsub(s, "x*", '<%0>')))
