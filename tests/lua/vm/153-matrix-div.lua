local function show(v) if type(v) == "number" and v ~= v then return "nan" end return tostring(v) end
local function strip(e) return (string.gsub(tostring(e), "^[^:]*:%d+: ", "")) end
local vals = {0, 1, -1, 2.5, -0.5, 1e300, -1e300, 1/0, "10", "0x10", " 3 ", "abc", "1e1"}
for i = 1, #vals do
  local row = {}
  for j = 1, #vals do
    local a, b = vals[i], vals[j]
    local ok, r = pcall(function() return a / b end)
    row[j] = ok and show(r) or ("E:" .. strip(r))
  end
  print(i, table.concat(row, " | "))
end
