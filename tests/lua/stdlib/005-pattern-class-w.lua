local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local s = "foo_bar baz-42 __x"
print("%w+", show(string.find(s, "%w+")))
print("%w+", show(string.match(s, "%w+")))
do local r = {} for a, b in string.gmatch(s, "%w+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%w+", #r, table.concat(r, ' ')) end
print("%w+", show(string.gsub(s, "%w+", '<%0>')))
print("%W+", show(string.find(s, "%W+")))
print("%W+", show(string.match(s, "%W+")))
do local r = {} for a, b in string.gmatch(s, "%W+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%W+", #r, table.concat(r, ' ')) end
print("%W+", show(string.gsub(s, "%W+", '<%0>')))
print("[%w_]+", show(string.find(s, "[%w_]+")))
print("[%w_]+", show(string.match(s, "[%w_]+")))
do local r = {} for a, b in string.gmatch(s, "[%w_]+") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("[%w_]+", #r, table.concat(r, ' ')) end
print("[%w_]+", show(string.gsub(s, "[%w_]+", '<%0>')))
print("%w%w%w", show(string.find(s, "%w%w%w")))
print("%w%w%w", show(string.match(s, "%w%w%w")))
do local r = {} for a, b in string.gmatch(s, "%w%w%w") do r[#r + 1] = tostring(a) .. '/' .. tostring(b) end print("%w%w%w", #r, table.concat(r, ' ')) end
print("%w%w%w", show(string.gsub(s, "%w%w%w", '<%0>')))
