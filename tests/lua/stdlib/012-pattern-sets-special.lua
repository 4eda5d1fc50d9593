local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "a]b-c^d%e"
print("[]]", show(string.find(s, "[]]")))
print("[]]", show(string.match(s, "[]]")))
do local r = {} for a, b in string.gmatch(s, "[]]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[]]", #r, table.concat(r, ' ')) end
print("[]]", show(string.gsub(s, "[]]", '<%0>')))
print("[^]]+", show(string.find(s, "[^]]+")))
print("[^]]+", show(string.match(s, "[^]]+")))
do local r = {} for a, b in string.gmatch(s, "[^]]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[^]]+", #r, table.concat(r, ' ')) end
print("[^]]+", show(string.gsub(s, "[^]]+", '<%0>')))
print("[%]]", show(string.find(s, "[%]]")))
print("[%]]", show(string.match(s, "[%]]")))
do local r = {} for a, b in string.gmatch(s, "[%]]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%]]", #r, table.concat(r, ' ')) end
print("[%]]", show(string.gsub(s, "[%]]", '<%0>')))
print("[%-]", show(string.find(s, "[%-]")))
print("[%-]", show(string.match(s, "[%-]")))
do local r = {} for a, b in string.gmatch(s, "[%-]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%-]", #r, table.concat(r, ' ')) end
print("[%-]", show(string.gsub(s, "[%-]", '<%0>')))
print("[a%-c]+", show(string.find(s, "[a%-c]+")))
print("[a%-c]+", show(string.match(s, "[a%-c]+")))
do local r = {} for a, b in string.gmatch(s, "[a%-c]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[a%-c]+", #r, table.concat(r, ' ')) end
print("[a%-c]+", show(string.gsub(s, "[a%-c]+", '<%0>')))
print("[%^]", show(string.find(s, "[%^]")))
print("[%^]", show(string.match(s, "[%^]")))
do local r = {} for a, b in string.gmatch(s, "[%^]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%^]", #r, table.concat(r, ' ')) end
print("[%^]", show(string.gsub(s, "[%^]", '<%0>')))
print("[%%]", show(string.find(s, "[%%]")))
print("[%%]", show(string.match(s, "[%%]")))
do local r = {} for a, b in string.gmatch(s, "[%%]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%%]", #r, table.concat(r, ' ')) end
print("[%%]", show(string.gsub(s, "[%%]", '<%0>')))
