local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "a\0b\0\0c"
print("%z", show(string.find(s, "%z")))
print("%z", show(string.match(s, "%z")))
do local r = {} for a, b in string.gmatch(s, "%z") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%z", #r, table.concat(r, ' ')) end
print("%z", show(string.gsub(s, "%z", '<%0>')))
print("%z+", show(string.find(s, "%z+")))
print("%z+", show(string.match(s, "%z+")))
do local r = {} for a, b in string.gmatch(s, "%z+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%z+", #r, table.concat(r, ' ')) end
print("%z+", show(string.gsub(s, "%z+", '<%0>')))
print("%Z+", show(string.find(s, "%Z+")))
print("%Z+", show(string.match(s, "%Z+")))
do local r = {} for a, b in string.gmatch(s, "%Z+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%Z+", #r, table.concat(r, ' ')) end
print("%Z+", show(string.gsub(s, "%Z+", '<%0>')))
print("[%z]", show(string.find(s, "[%z]")))
print("[%z]", show(string.match(s, "[%z]")))
do local r = {} for a, b in string.gmatch(s, "[%z]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%z]", #r, table.concat(r, ' ')) end
print("[%z]", show(string.gsub(s, "[%z]", '<%0>')))
