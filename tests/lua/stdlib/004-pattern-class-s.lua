local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "  tab\9new\10line \13 end "
print("%s+", show(string.find(s, "%s+")))
print("%s+", show(string.match(s, "%s+")))
do local r = {} for a, b in string.gmatch(s, "%s+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%s+", #r, table.concat(r, ' ')) end
print("%s+", show(string.gsub(s, "%s+", '<%0>')))
print("%S+", show(string.find(s, "%S+")))
print("%S+", show(string.match(s, "%S+")))
do local r = {} for a, b in string.gmatch(s, "%S+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%S+", #r, table.concat(r, ' ')) end
print("%S+", show(string.gsub(s, "%S+", '<%0>')))
print("^%s*", show(string.find(s, "^%s*")))
print("^%s*", show(string.match(s, "^%s*")))
do local r = {} for a, b in string.gmatch(s, "^%s*") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^%s*", #r, table.concat(r, ' ')) end
print("^%s*", show(string.gsub(s, "^%s*", '<%0>')))
print("%s*$", show(string.find(s, "%s*$")))
print("%s*$", show(string.match(s, "%s*$")))
do local r = {} for a, b in string.gmatch(s, "%s*$") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%s*$", #r, table.concat(r, ' ')) end
print("%s*$", show(string.gsub(s, "%s*$", '<%0>')))
print("%s", show(string.find(s, "%s")))
print("%s", show(string.match(s, "%s")))
do local r = {} for a, b in string.gmatch(s, "%s") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%s", #r, table.concat(r, ' ')) end
print("%s", show(string.gsub(s, "%s", '<%0>')))
