local ok, e = pcall(function()
  local x = nil
  return x.y
end)
local ok2 = pcall(error, "boom")
local t = setmetatable({}, {__index = function(t, k)
  return k .. "!"
end})
local v = t.foo
local s = ("x"):rep(3)
