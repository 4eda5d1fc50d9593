local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "a\1b\2cWd\10e"
print("%c", show(string.find(s, "%c")))
print("%c", show(string.match(s, "%c")))
do local r = {} for a, b in string.gmatch(s, "%c") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%c", #r, table.concat(r, ' ')) end
print("%c", show(string.gsub(s, "%c", '<%0>')))
print("%c+", show(string.find(s, "%c+")))
print("%c+", show(string.match(s, "%c+")))
do local r = {} for a, b in string.gmatch(s, "%c+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%c+", #r, table.concat(r, ' ')) end
print("%c+", show(string.gsub(s, "%c+", '<%0>')))
print("%C+", show(string.find(s, "%C+")))
print("%C+", show(string.match(s, "%C+")))
do local r = {} for a, b in string.gmatch(s, "%C+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%C+", #r, table.concat(r, ' ')) end
print("%C+", show(string.gsub(s, "%C+", '<%0>')))
