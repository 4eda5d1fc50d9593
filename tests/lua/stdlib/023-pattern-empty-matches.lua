local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "abc"
print("", show(string.find(s, "")))
print("", show(string.match(s, "")))
do local r = {} for a, b in string.gmatch(s, "") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("", #r, table.concat(r, ' ')) end
print("", show(string.gsub(s, "", '<%0>')))
print("x*", show(string.find(s, "x*")))
print("x*", show(string.match(s, "x*")))
do local r = {} for a, b in string.gmatch(s, "x*") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("x*", #r, table.concat(r, ' ')) end
print("x*", show(string.gsub(s, "x*", '<%0>')))
print("()", show(string.find(s, "()")))
print("()", show(string.match(s, "()")))
do local r = {} for a, b in string.gmatch(s, "()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("()", #r, table.concat(r, ' ')) end
print("()", show(string.gsub(s, "()", '<%0>')))
print("^", show(string.find(s, "^")))
print("^", show(string.match(s, "^")))
do local r = {} for a, b in string.gmatch(s, "^") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^", #r, table.concat(r, ' ')) end
print("^", show(string.gsub(s, "^", '<%0>')))
print("$", show(string.find(s, "$")))
print("$", show(string.match(s, "$")))
do local r = {} for a, b in string.gmatch(s, "$") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("$", #r, table.concat(r, ' ')) end
print("$", show(string.gsub(s, "$", '<%0>')))
