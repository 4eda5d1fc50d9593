local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end
local t = {name = "lua", version = 5.1, flag = false}
print(show(string.gsub("$name is $version $flag $missing", "%$(%w+)", t)))
print(show(string.gsub("abc", "%w", {a = 1, b = false})))
print(pcall(string.gsub, "abc", "%w", {a = {}}))
print(pcall(string.gsub, "abc", "%w", {a = true}))
