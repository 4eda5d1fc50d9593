local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "2024-01-15"
print("((%d+)-((%d+)-(%d+)))", show(string.find(s, "((%d+)-((%d+)-(%d+)))")))
print("((%d+)-((%d+)-(%d+)))", show(string.match(s, "((%d+)-((%d+)-(%d+)))")))
do local r = {} for a, b in string.gmatch(s, "((%d+)-((%d+)-(%d+)))") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("((%d+)-((%d+)-(%d+)))", #r, table.concat(r, ' ')) end
print("((%d+)-((%d+)-(%d+)))", show(string.gsub(s, "((%d+)-((%d+)-(%d+)))", '<%0>')))
print("(%d+)-(%d+)-(%d+)", show(string.find(s, "(%d+)-(%d+)-(%d+)")))
print("(%d+)-(%d+)-(%d+)", show(string.match(s, "(%d+)-(%d+)-(%d+)")))
do local r = {} for a, b in string.gmatch(s, "(%d+)-(%d+)-(%d+)") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(%d+)-(%d+)-(%d+)", #r, table.concat(r, ' ')) end
print("(%d+)-(%d+)-(%d+)", show(string.gsub(s, "(%d+)-(%d+)-(%d+)", '<%0>')))
print("(((%d)))", show(string.find(s, "(((%d)))")))
print("(((%d)))", show(string.match(s, "(((%d)))")))
do local r = {} for a, b in string.gmatch(s, "(((%d)))") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(((%d)))", #r, table.concat(r, ' ')) end
print("(((%d)))", show(string.gsub(s, "(((%d)))", '<%0>')))
