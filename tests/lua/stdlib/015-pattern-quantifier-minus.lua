local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "<a><b><c>"
print("<.->", show(string.find(s, "<.->")))
print("<.->", show(string.match(s, "<.->")))
do local r = {} for a, b in string.gmatch(s, "<.->") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("<.->", #r, table.concat(r, ' ')) end
print("<.->", show(string.gsub(s, "<.->", '<%0>')))
print("<.*>", show(string.find(s, "<.*>")))
print("<.*>", show(string.match(s, "<.*>")))
do local r = {} for a, b in string.gmatch(s, "<.*>") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("<.*>", #r, table.concat(r, ' ')) end
print("<.*>", show(string.gsub(s, "<.*>", '<%0>')))
print("<(.-)>", show(string.find(s, "<(.-)>")))
print("<(.-)>", show(string.match(s, "<(.-)>")))
do local r = {} for a, b in string.gmatch(s, "<(.-)>") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("<(.-)>", #r, table.concat(r, ' ')) end
print("<(.-)>", show(string.gsub(s, "<(.-)>", '<%0>')))
print("a-b", show(string.find(s, "a-b")))
print("a-b", show(string.match(s, "a-b")))
do local r = {} for a, b in string.gmatch(s, "a-b") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("a-b", #r, table.concat(r, ' ')) end
print("a-b", show(string.gsub(s, "a-b", '<%0>')))
