local a = 1
local b = 2
local c = 3
local d = 4
local e = 5
local f = 6
local g = 7
local h = 8
local i = 9
local j = 10
local k = 11
local l = 12
local m = 13
local n = 14
return n
