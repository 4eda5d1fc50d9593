local mt = {__concat = function(a, b)
  local function s(v) if type(v) == "table" then return "T" end return tostring(v) end
  return s(a) .. "+" .. s(b)
end}
local t = setmetatable({}, mt)
print(t .. "x", "x" .. t, 1 .. t, t .. t)
print("a" .. "b" .. t .. "c")
