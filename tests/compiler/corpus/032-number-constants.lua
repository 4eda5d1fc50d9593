local a = 0.1
local b = 1e100
local c = 123456789012345678
local d = 1e999
local e = 0xff
local f = 3.14159265358979
local g = 1e-300
local h = 2^63
local i = 100000000000000
local j = 1e15
local k = 0.5e-5
local l = 5e-324
return a, b, c, d, e, f, g, h, i, j, k, l
