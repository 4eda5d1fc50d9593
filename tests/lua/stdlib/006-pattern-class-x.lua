local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "0x1F deadBEEF xyz 9g"
print("%x+", show(string.find(s, "%x+")))
print("%x+", show(string.match(s, "%x+")))
do local r = {} for a, b in string.gmatch(s, "%x+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%x+", #r, table.concat(r, ' ')) end
print("%x+", show(string.gsub(s, "%x+", '<%0>')))
print("%X+", show(string.find(s, "%X+")))
print("%X+", show(string.match(s, "%X+")))
do local r = {} for a, b in string.gmatch(s, "%X+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%X+", #r, table.concat(r, ' ')) end
print("%X+", show(string.gsub(s, "%X+", '<%0>')))
print("0x%x+", show(string.find(s, "0x%x+")))
print("0x%x+", show(string.match(s, "0x%x+")))
do local r = {} for a, b in string.gmatch(s, "0x%x+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("0x%x+", #r, table.concat(r, ' ')) end
print("0x%x+", show(string.gsub(s, "0x%x+", '<%0>')))
print("%x%x", show(string.find(s, "%x%x")))
print("%x%x", show(string.match(s, "%x%x")))
do local r = {} for a, b in string.gmatch(s, "%x%x") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%x%x", #r, table.concat(r, ' ')) end
print("%x%x", show(string.gsub(s, "%x%x", '<%0>')))
