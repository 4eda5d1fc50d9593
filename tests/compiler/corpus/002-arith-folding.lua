local x, y = 7, 3
local r = x + y - x * y / x % y ^ 2
local folded = 2 * 3 + 4 ^ 0.5 - 10 / 4 % 3
local neg = -x
local unfolded = 1 / 0
local nan = 0 / 0
local cat = "a" .. x .. "b" .. y
local len = #cat
local n = not x
r = x + 1
r = 1 + x
r = x .. 1
return r, folded, neg, unfolded, nan, len, n
