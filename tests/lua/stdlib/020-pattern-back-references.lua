local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "abcabc xyzxy aa"
print("(%a+)%1", show(string.find(s, "(%a+)%1")))
print("(%a+)%1", show(string.match(s, "(%a+)%1")))
do local r = {} for a, b in string.gmatch(s, "(%a+)%1") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(%a+)%1", #r, table.concat(r, ' ')) end
print("(%a+)%1", show(string.gsub(s, "(%a+)%1", '<%0>')))
print("(.)%1", show(string.find(s, "(.)%1")))
print("(.)%1", show(string.match(s, "(.)%1")))
do local r = {} for a, b in string.gmatch(s, "(.)%1") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(.)%1", #r, table.concat(r, ' ')) end
print("(.)%1", show(string.gsub(s, "(.)%1", '<%0>')))
print("(%a)(%a)%2%1", show(string.find(s, "(%a)(%a)%2%1")))
print("(%a)(%a)%2%1", show(string.match(s, "(%a)(%a)%2%1")))
do local r = {} for a, b in string.gmatch(s, "(%a)(%a)%2%1") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(%a)(%a)%2%1", #r, table.concat(r, ' ')) end
print("(%a)(%a)%2%1", show(string.gsub(s, "(%a)(%a)%2%1", '<%0>')))
print("([\"'])(.-)%1", show(string.find(s, "([\"'])(.-)%1")))
print("([\"'])(.-)%1", show(string.match(s, "([\"'])(.-)%1")))
do local r = {} for a, b in string.gmatch(s, "([\"'])(.-)%1") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("([\"'])(.-)%1", #r, table.concat(r, ' ')) end
print("([\"'])(.-)%1", show(string.gsub(s, "([\"'])(.-)%1", '<%0>')))
