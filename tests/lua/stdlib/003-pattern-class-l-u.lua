local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "Hello WORLD mixed Case"
print("%l+", show(string.find(s, "%l+")))
print("%l+", show(string.match(s, "%l+")))
do local r = {} for a, b in string.gmatch(s, "%l+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%l+", #r, table.concat(r, ' ')) end
print("%l+", show(string.gsub(s, "%l+", '<%0>')))
print("%u+", show(string.find(s, "%u+")))
print("%u+", show(string.match(s, "%u+")))
do local r = {} for a, b in string.gmatch(s, "%u+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%u+", #r, table.concat(r, ' ')) end
print("%u+", show(string.gsub(s, "%u+", '<%0>')))
print("%L+", show(string.find(s, "%L+")))
print("%L+", show(string.match(s, "%L+")))
do local r = {} for a, b in string.gmatch(s, "%L+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%L+", #r, table.concat(r, ' ')) end
print("%L+", show(string.gsub(s, "%L+", '<%0>')))
print("%U%l+", show(string.find(s, "%U%l+")))
print("%U%l+", show(string.match(s, "%U%l+")))
do local r = {} for a, b in string.gmatch(s, "%U%l+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%U%l+", #r, table.concat(r, ' ')) end
print("%U%l+", show(string.gsub(s, "%U%l+", '<%0>')))
print("%u%u+", show(string.find(s, "%u%u+")))
print("%u%u+", show(string.match(s, "%u%u+")))
do local r = {} for a, b in string.gmatch(s, "%u%u+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%u%u+", #r, table.concat(r, ' ')) end
print("%u%u+", show(string.gsub(s, "%u%u+", '<%0>')))
