local s = "quote\" back\\ nl\n tab\t cr\r bell\a nul\0 hi\200"
local n1, n2, n3, n4 = 0.1, 1e20, -3, 2^53
local n5, n6 = 1/0, -1/0
local b1, b2 = true, false
local f = tostring
local mixed = {1, 2, x = "y"}
local holes = {1, nil, 3}
local nested = {{1, {2, {3}}}, {}}
local empty = {}
return 1
