local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "a,b;c.d!e?f(g)h"
print("%p", show(string.find(s, "%p")))
print("%p", show(string.match(s, "%p")))
do local r = {} for a, b in string.gmatch(s, "%p") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%p", #r, table.concat(r, ' ')) end
print("%p", show(string.gsub(s, "%p", '<%0>')))
print("%p+", show(string.find(s, "%p+")))
print("%p+", show(string.match(s, "%p+")))
do local r = {} for a, b in string.gmatch(s, "%p+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%p+", #r, table.concat(r, ' ')) end
print("%p+", show(string.gsub(s, "%p+", '<%0>')))
print("%P+", show(string.find(s, "%P+")))
print("%P+", show(string.match(s, "%P+")))
do local r = {} for a, b in string.gmatch(s, "%P+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%P+", #r, table.concat(r, ' ')) end
print("%P+", show(string.gsub(s, "%P+", '<%0>')))
print("[%p%s]", show(string.find(s, "[%p%s]")))
print("[%p%s]", show(string.match(s, "[%p%s]")))
do local r = {} for a, b in string.gmatch(s, "[%p%s]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%p%s]", #r, table.concat(r, ' ')) end
print("[%p%s]", show(string.gsub(s, "[%p%s]", '<%0>')))
