f()
f(1)(2)(3)
f{1, 2}
f"str"
f[[long]]
f(g())
f(g(), 1)
f(1, g())
local r = f(f(f(1)))
a.b.c.d(1)
a.b["c"].d:e(1)
local function tail(x) return f(x) end
local function nottail(x) return (f(x)) end
local function two(x) return f(x), 1 end
local function method(t, x) return t:m(x) end
local function varcall(...) return f(...) end
local v1, v2, v3 = f()
local w1 = f()
local w2, w3 = f(), g()
