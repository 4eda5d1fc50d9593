local mt = {__tostring = function(self)
  return "obj:" .. self.id
end}
local o = setmetatable({id = 7}, mt)
local s = tostring(o)
return s
