local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "hello"
print("()ll()", show(string.find(s, "()ll()")))
print("()ll()", show(string.match(s, "()ll()")))
do local r = {} for a, b in string.gmatch(s, "()ll()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("()ll()", #r, table.concat(r, ' ')) end
print("()ll()", show(string.gsub(s, "()ll()", '<%0>')))
print("()", show(string.find(s, "()")))
print("()", show(string.match(s, "()")))
do local r = {} for a, b in string.gmatch(s, "()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("()", #r, table.concat(r, ' ')) end
print("()", show(string.gsub(s, "()", '<%0>')))
print("()h", show(string.find(s, "()h")))
print("()h", show(string.match(s, "()h")))
do local r = {} for a, b in string.gmatch(s, "()h") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("()h", #r, table.concat(r, ' ')) end
print("()h", show(string.gsub(s, "()h", '<%0>')))
print("o()", show(string.find(s, "o()")))
print("o()", show(string.match(s, "o()")))
do local r = {} for a, b in string.gmatch(s, "o()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("o()", #r, table.concat(r, ' ')) end
print("o()", show(string.gsub(s, "o()", '<%0>')))
print("(l)()", show(string.find(s, "(l)()")))
print("(l)()", show(string.match(s, "(l)()")))
do local r = {} for a, b in string.gmatch(s, "(l)()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(l)()", #r, table.concat(r, ' ')) end
print("(l)()", show(string.gsub(s, "(l)()", '<%0>')))
