local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "THE (quick) fox"
print("%f[%a]%a+", show(string.find(s, "%f[%a]%a+")))
print("%f[%a]%a+", show(string.match(s, "%f[%a]%a+")))
do local r = {} for a, b in string.gmatch(s, "%f[%a]%a+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%f[%a]%a+", #r, table.concat(r, ' ')) end
print("%f[%a]%a+", show(string.gsub(s, "%f[%a]%a+", '<%0>')))
print("%f[%A]", show(string.find(s, "%f[%A]")))
print("%f[%A]", show(string.match(s, "%f[%A]")))
do local r = {} for a, b in string.gmatch(s, "%f[%A]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%f[%A]", #r, table.concat(r, ' ')) end
print("%f[%A]", show(string.gsub(s, "%f[%A]", '<%0>')))
print("%f[%l]%a+", show(string.find(s, "%f[%l]%a+")))
print("%f[%l]%a+", show(string.match(s, "%f[%l]%a+")))
do local r = {} for a, b in string.gmatch(s, "%f[%l]%a+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%f[%l]%a+", #r, table.concat(r, ' ')) end
print("%f[%l]%a+", show(string.gsub(s, "%f[%l]%a+", '<%0>')))
print("%f[%z]", show(string.find(s, "%f[%z]")))
print("%f[%z]", show(string.match(s, "%f[%z]")))
do local r = {} for a, b in string.gmatch(s, "%f[%z]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%f[%z]", #r, table.concat(r, ' ')) end
print("%f[%z]", show(string.gsub(s, "%f[%z]", '<%0>')))
print("%f[%w]%w+%f[%W]", show(string.find(s, "%f[%w]%w+%f[%W]")))
print("%f[%w]%w+%f[%W]", show(string.match(s, "%f[%w]%w+%f[%W]")))
do local r = {} for a, b in string.gmatch(s, "%f[%w]%w+%f[%W]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%f[%w]%w+%f[%W]", #r, table.concat(r, ' ')) end
print("%f[%w]%w+%f[%W]", show(string.gsub(s, "%f[%w]%w+%f[%W]", '<%0>')))
