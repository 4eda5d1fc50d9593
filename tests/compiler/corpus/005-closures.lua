local function counter()
  local count = 0
  return function(step)
    count = count + (step or 1)
    return count
  end
end
local c = counter()
local up1, up2 = 1, 2
local function uses()
  local function inner() return up1 + up2 end
  up1 = inner()
  return inner
end
function global_fn(a, b, ...)
  local args = {...}
  return select("#", ...), a, b
end
local obj = {}
function obj.method(self, x) return x end
function obj:other(x) return self.method(self, x) end
return c(2), uses(), obj:other(1)
