local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end
local calls = {}
print(show(string.gsub("one two three", "(%w+)", function(w) calls[#calls + 1] = w return #w end)))
print(table.concat(calls, ","))
print(show(string.gsub("a=1, b=2", "(%w+)=(%w+)", function(k, v) return v .. "=" .. k end)))
print(show(string.gsub("abc", "%w", function() return nil end)))
print(show(string.gsub("abc", "%w", function() return false end)))
print(pcall(string.gsub, "abc", "%w", function() return {} end))
print(show(string.gsub("abc", "()", function(p) return p end)))
