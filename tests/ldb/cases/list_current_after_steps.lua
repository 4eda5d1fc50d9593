local a = 1
local b = 2
local c = 3
local d = 4
local e = 5
local f = 6
local g = 7
local h = 8
return a
