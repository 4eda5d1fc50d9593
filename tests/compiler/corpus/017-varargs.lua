local function count(...) return select('#', ...) end
local function pack(...) return {...} end
local function first(...) local a = ... return a end
local function two(...) local a, b = ... return a, b end
local function pass(...) return ... end
local function middle(...) return count(..., 1) end
local function paren(...) return (...) end
local function call(...) f(...) f(1, ...) f(..., ...) end
local function tbl(...) return {..., n = select('#', ...)}, {1, ...}, {..., 2} end
local function uses_arg(...) return arg.n, #arg end
local function assign(...) local x, y, z; x, y, z = ... end
local a, b, c = ...
return count, pack, first, two, pass, middle, paren, call, tbl, uses_arg, assign
