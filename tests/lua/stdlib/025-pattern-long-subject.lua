local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "ababababababababababababababababababababababababababababababababababababababababababababababababababc"
print("(ab)+c", show(string.find(s, "(ab)+c")))
print("(ab)+c", show(string.match(s, "(ab)+c")))
do local r = {} for a, b in string.gmatch(s, "(ab)+c") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(ab)+c", #r, table.concat(r, ' ')) end
print("(ab)+c", show(string.gsub(s, "(ab)+c", '<%0>')))
print("(ab)*c$", show(string.find(s, "(ab)*c$")))
print("(ab)*c$", show(string.match(s, "(ab)*c$")))
do local r = {} for a, b in string.gmatch(s, "(ab)*c$") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("(ab)*c$", #r, table.concat(r, ' ')) end
print("(ab)*c$", show(string.gsub(s, "(ab)*c$", '<%0>')))
print("b.-c", show(string.find(s, "b.-c")))
print("b.-c", show(string.match(s, "b.-c")))
do local r = {} for a, b in string.gmatch(s, "b.-c") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("b.-c", #r, table.concat(r, ' ')) end
print("b.-c", show(string.gsub(s, "b.-c", '<%0>')))
print("^(.-)c", show(string.find(s, "^(.-)c")))
print("^(.-)c", show(string.match(s, "^(.-)c")))
do local r = {} for a, b in string.gmatch(s, "^(.-)c") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("^(.-)c", #r, table.concat(r, ' ')) end
print("^(.-)c", show(string.gsub(s, "^(.-)c", '<%0>')))
