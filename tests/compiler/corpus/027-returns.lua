local function r0() return end
local function r1() return nil end
local function r2() return 1, 2, 3 end
local function r3(...) return ... end
local function r4(a) return a end
local function r5(a) local b = a * 2 do local c = b return c end end
local function r6(a) if a then return 1 elseif a == nil then return 2 end return 3 end
local function r7(a) while true do return a end end
local function r8(a, b) return a + b, a - b end
local function r9(t) return t.x, t[1] end
local function r10() return; end
return r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10
