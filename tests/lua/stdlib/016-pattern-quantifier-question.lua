local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "color colour colr"
print("colou?r", show(string.find(s, "colou?r")))
print("colou?r", show(string.match(s, "colou?r")))
do local r = {} for a, b in string.gmatch(s, "colou?r") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("colou?r", #r, table.concat(r, ' ')) end
print("colou?r", show(string.gsub(s, "colou?r", '<%0>')))
print("u?", show(string.find(s, "u?")))
print("u?", show(string.match(s, "u?")))
do local r = {} for a, b in string.gmatch(s, "u?") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("u?", #r, table.concat(r, ' ')) end
print("u?", show(string.gsub(s, "u?", '<%0>')))
print("c?o?l?", show(string.find(s, "c?o?l?")))
print("c?o?l?", show(string.match(s, "c?o?l?")))
do local r = {} for a, b in string.gmatch(s, "c?o?l?") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("c?o?l?", #r, table.concat(r, ' ')) end
print("c?o?l?", show(string.gsub(s, "c?o?l?", '<%0>')))
print("x?y", show(string.find(s, "x?y")))
print("x?y", show(string.match(s, "x?y")))
do local r = {} for a, b in string.gmatch(s, "x?y") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("x?y", #r, table.concat(r, ' ')) end
print("x?y", show(string.gsub(s, "x?y", '<%0>')))
