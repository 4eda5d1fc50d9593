local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "key=value; other=thing"
print("(%w+)=(%w+)", show(string.find(s, "(%w+)=(%w+)")))
print("(%w+)=(%w+)", show(string.match(s, "(%w+)=(%w+)")))
do local r = {} for a, b in string.gmatch(s, "(%w+)=(%w+)") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(%w+)=(%w+)", #r, table.concat(r, ' ')) end
print("(%w+)=(%w+)", show(string.gsub(s, "(%w+)=(%w+)", '<%0>')))
print("((%w+)=(%w+))", show(string.find(s, "((%w+)=(%w+))")))
print("((%w+)=(%w+))", show(string.match(s, "((%w+)=(%w+))")))
do local r = {} for a, b in string.gmatch(s, "((%w+)=(%w+))") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("((%w+)=(%w+))", #r, table.concat(r, ' ')) end
print("((%w+)=(%w+))", show(string.gsub(s, "((%w+)=(%w+))", '<%0>')))
print("(%w+)=", show(string.find(s, "(%w+)=")))
print("(%w+)=", show(string.match(s, "(%w+)=")))
do local r = {} for a, b in string.gmatch(s, "(%w+)=") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(%w+)=", #r, table.concat(r, ' ')) end
print("(%w+)=", show(string.gsub(s, "(%w+)=", '<%0>')))
print("()=()", show(string.find(s, "()=()")))
print("()=()", show(string.match(s, "()=()")))
do local r = {} for a, b in string.gmatch(s, "()=()") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("()=()", #r, table.concat(r, ' ')) end
print("()=()", show(string.gsub(s, "()=()", '<%0>')))
