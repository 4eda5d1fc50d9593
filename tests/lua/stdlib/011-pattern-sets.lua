local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "the quick brown fox 2024"
print("[aeiou]+", show(string.find(s, "[aeiou]+")))
print("[aeiou]+", show(string.match(s, "[aeiou]+")))
do local r = {} for a, b in string.gmatch(s, "[aeiou]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[aeiou]+", #r, table.concat(r, ' ')) end
print("[aeiou]+", show(string.gsub(s, "[aeiou]+", '<%0>')))
print("[^aeiou ]+", show(string.find(s, "[^aeiou ]+")))
print("[^aeiou ]+", show(string.match(s, "[^aeiou ]+")))
do local r = {} for a, b in string.gmatch(s, "[^aeiou ]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[^aeiou ]+", #r, table.concat(r, ' ')) end
print("[^aeiou ]+", show(string.gsub(s, "[^aeiou ]+", '<%0>')))
print("[a-f]+", show(string.find(s, "[a-f]+")))
print("[a-f]+", show(string.match(s, "[a-f]+")))
do local r = {} for a, b in string.gmatch(s, "[a-f]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[a-f]+", #r, table.concat(r, ' ')) end
print("[a-f]+", show(string.gsub(s, "[a-f]+", '<%0>')))
print("[%d]+", show(string.find(s, "[%d]+")))
print("[%d]+", show(string.match(s, "[%d]+")))
do local r = {} for a, b in string.gmatch(s, "[%d]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%d]+", #r, table.concat(r, ' ')) end
print("[%d]+", show(string.gsub(s, "[%d]+", '<%0>')))
print("[^%s%d]+", show(string.find(s, "[^%s%d]+")))
print("[^%s%d]+", show(string.match(s, "[^%s%d]+")))
do local r = {} for a, b in string.gmatch(s, "[^%s%d]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[^%s%d]+", #r, table.concat(r, ' ')) end
print("[^%s%d]+", show(string.gsub(s, "[^%s%d]+", '<%0>')))
print("[]]", show(string.find(s, "[]]")))
print("[]]", show(string.match(s, "[]]")))
do local r = {} for a, b in string.gmatch(s, "[]]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[]]", #r, table.concat(r, ' ')) end
print("[]]", show(string.gsub(s, "[]]", '<%0>')))
print("[a-]", show(string.find(s, "[a-]")))
print("[a-]", show(string.match(s, "[a-]")))
do local r = {} for a, b in string.gmatch(s, "[a-]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[a-]", #r, table.concat(r, ' ')) end
print("[a-]", show(string.gsub(s, "[a-]", '<%0>')))
print("[-a]", show(string.find(s, "[-a]")))
print("[-a]", show(string.match(s, "[-a]")))
do local r = {} for a, b in string.gmatch(s, "[-a]") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[-a]", #r, table.concat(r, ' ')) end
print("[-a]", show(string.gsub(s, "[-a]", '<%0>')))
