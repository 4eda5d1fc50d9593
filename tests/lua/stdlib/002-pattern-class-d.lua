local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "abc 123 4.5e6 -7"
print("%d+", show(string.find(s, "%d+")))
print("%d+", show(string.match(s, "%d+")))
do local r = {} for a, b in string.gmatch(s, "%d+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%d+", #r, table.concat(r, ' ')) end
print("%d+", show(string.gsub(s, "%d+", '<%0>')))
print("%D+", show(string.find(s, "%D+")))
print("%D+", show(string.match(s, "%D+")))
do local r = {} for a, b in string.gmatch(s, "%D+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%D+", #r, table.concat(r, ' ')) end
print("%D+", show(string.gsub(s, "%D+", '<%0>')))
print("%d%d", show(string.find(s, "%d%d")))
print("%d%d", show(string.match(s, "%d%d")))
do local r = {} for a, b in string.gmatch(s, "%d%d") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%d%d", #r, table.concat(r, ' ')) end
print("%d%d", show(string.gsub(s, "%d%d", '<%0>')))
print("^%d", show(string.find(s, "^%d")))
print("^%d", show(string.match(s, "^%d")))
do local r = {} for a, b in string.gmatch(s, "^%d") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^%d", #r, table.concat(r, ' ')) end
print("^%d", show(string.gsub(s, "^%d", '<%0>')))
print("%d*", show(string.find(s, "%d*")))
print("%d*", show(string.match(s, "%d*")))
do local r = {} for a, b in string.gmatch(s, "%d*") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%d*", #r, table.concat(r, ' ')) end
print("%d*", show(string.gsub(s, "%d*", '<%0>')))
