local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end
local s = "hello world from lua"
for _, r in ipairs({"%0%0", "[%1]", "%%", "<%0>", "", "x"}) do print(r, show(string.gsub(s, "(%w+)", r))) end
print(pcall(string.gsub, s, "%w+", "%2"))
print(pcall(string.gsub, s, "%w+", "%x"))
print(pcall(string.gsub, s, "(%w+)", "%9"))
