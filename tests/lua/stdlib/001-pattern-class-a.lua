local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "hello World 123 _x"
print("%a+", show(string.find(s, "%a+")))
print("%a+", show(string.match(s, "%a+")))
do local r = {} for a, b in string.gmatch(s, "%a+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%a+", #r, table.concat(r, ' ')) end
print("%a+", show(string.gsub(s, "%a+", '<%0>')))
print("%A+", show(string.find(s, "%A+")))
print("%A+", show(string.match(s, "%A+")))
do local r = {} for a, b in string.gmatch(s, "%A+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%A+", #r, table.concat(r, ' ')) end
print("%A+", show(string.gsub(s, "%A+", '<%0>')))
print("%a", show(string.find(s, "%a")))
print("%a", show(string.match(s, "%a")))
do local r = {} for a, b in string.gmatch(s, "%a") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%a", #r, table.concat(r, ' ')) end
print("%a", show(string.gsub(s, "%a", '<%0>')))
print("^%a*", show(string.find(s, "^%a*")))
print("^%a*", show(string.match(s, "^%a*")))
do local r = {} for a, b in string.gmatch(s, "^%a*") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^%a*", #r, table.concat(r, ' ')) end
print("^%a*", show(string.gsub(s, "^%a*", '<%0>')))
print("%a+$", show(string.find(s, "%a+$")))
print("%a+$", show(string.match(s, "%a+$")))
do local r = {} for a, b in string.gmatch(s, "%a+$") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%a+$", #r, table.concat(r, ' ')) end
print("%a+$", show(string.gsub(s, "%a+$", '<%0>')))
