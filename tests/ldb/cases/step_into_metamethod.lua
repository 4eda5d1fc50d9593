local mt = {__index = function(t, k)
  return k .. "!"
end}
local t = setmetatable({}, mt)
local v = t.hello
return v
