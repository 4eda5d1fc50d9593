local function a() return a end
local b = function() return b end
local c
c = function() return c end
function d() return d end
local t = {}
function t.e() return t.e end
function t:f() return self.f end
return a, b, c, d, t
