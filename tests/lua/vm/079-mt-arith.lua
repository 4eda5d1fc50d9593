local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) if type(b) == "number" then return vec(a.x * b, a.y * b) end return vec(a * b.x, a * b.y) end
V.__div = function(a, b) return vec(a.x / b, a.y / b) end
V.__mod = function(a, b) return vec(a.x % b, a.y % b) end
V.__pow = function(a, b) return vec(a.x ^ b, a.y ^ b) end
V.__unm = function(a) return vec(-a.x, -a.y) end
local function show(v) return "(" .. v.x .. "," .. v.y .. ")" end
local p, q = vec(1, 2), vec(3, 5)
print(show(p + q), show(p - q), show(p * 2), show(3 * p), show(q / 2), show(q % 2), show(p ^ 2), show(-p))
