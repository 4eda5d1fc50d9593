local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "^start middle end$"
print("^start", show(string.find(s, "^start")))
print("^start", show(string.match(s, "^start")))
do local r = {} for a, b in string.gmatch(s, "^start") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^start", #r, table.concat(r, ' ')) end
print("^start", show(string.gsub(s, "^start", '<%0>')))
print("^middle", show(string.find(s, "^middle")))
print("^middle", show(string.match(s, "^middle")))
do local r = {} for a, b in string.gmatch(s, "^middle") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^middle", #r, table.concat(r, ' ')) end
print("^middle", show(string.gsub(s, "^middle", '<%0>')))
print("end%$$", show(string.find(s, "end%$$")))
print("end%$$", show(string.match(s, "end%$$")))
do local r = {} for a, b in string.gmatch(s, "end%$$") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("end%$$", #r, table.concat(r, ' ')) end
print("end%$$", show(string.gsub(s, "end%$$", '<%0>')))
print("end$", show(string.find(s, "end$")))
print("end$", show(string.match(s, "end$")))
do local r = {} for a, b in string.gmatch(s, "end$") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("end$", #r, table.concat(r, ' ')) end
print("end$", show(string.gsub(s, "end$", '<%0>')))
print("^", show(string.find(s, "^")))
print("^", show(string.match(s, "^")))
do local r = {} for a, b in string.gmatch(s, "^") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^", #r, table.concat(r, ' ')) end
print("^", show(string.gsub(s, "^", '<%0>')))
print("$", show(string.find(s, "$")))
print("$", show(string.match(s, "$")))
do local r = {} for a, b in string.gmatch(s, "$") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("$", #r, table.concat(r, ' ')) end
print("$", show(string.gsub(s, "$", '<%0>')))
print("%^start", show(string.find(s, "%^start")))
print("%^start", show(string.match(s, "%^start")))
do local r = {} for a, b in string.gmatch(s, "%^start") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%^start", #r, table.concat(r, ' ')) end
print("%^start", show(string.gsub(s, "%^start", '<%0>')))
