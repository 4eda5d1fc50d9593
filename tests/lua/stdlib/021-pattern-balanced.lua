local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "f(a(b)c) g(x) (unclosed"
print("%b()", show(string.find(s, "%b()")))
print("%b()", show(string.match(s, "%b()")))
do local r = {} for a, b in string.gmatch(s, "%b()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%b()", #r, table.concat(r, ' ')) end
print("%b()", show(string.gsub(s, "%b()", '<%0>')))
print("%b)(", show(string.find(s, "%b)(")))
print("%b)(", show(string.match(s, "%b)(")))
do local r = {} for a, b in string.gmatch(s, "%b)(") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%b)(", #r, table.concat(r, ' ')) end
print("%b)(", show(string.gsub(s, "%b)(", '<%0>')))
print("f%b()", show(string.find(s, "f%b()")))
print("f%b()", show(string.match(s, "f%b()")))
do local r = {} for a, b in string.gmatch(s, "f%b()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("f%b()", #r, table.concat(r, ' ')) end
print("f%b()", show(string.gsub(s, "f%b()", '<%0>')))
print("%b[]", show(string.find(s, "%b[]")))
print("%b[]", show(string.match(s, "%b[]")))
do local r = {} for a, b in string.gmatch(s, "%b[]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%b[]", #r, table.concat(r, ' ')) end
print("%b[]", show(string.gsub(s, "%b[]", '<%0>')))
