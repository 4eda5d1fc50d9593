local obj = {}
function obj:method(x) return self, x end
function obj.field.sub:deep(a, b) return self.v + a + b end
function obj.plain(x) return x end
local r = obj:method(1)
obj:method(1):method(2):method(3)
local s = ("x"):rep(3)
local u = s:upper():lower()
local v = ("%d"):format(42)
obj.a.b:c "str"
obj.a.b:c { 1, 2 }
obj[1]:m(...)
return obj:method(...)
