-- A native called as a metamethod by a Lua instruction reports errors at the Lua line that
-- triggered it (luaL_where(L, 1) finds the Lua function), as lua5.1 does.
local t = setmetatable({}, {__index = string.rep})
print(pcall(function() return t.x end))
local u = setmetatable({}, {__newindex = string.rep})
print(pcall(function() u.y = 1 end))
local v = setmetatable({}, {__add = string.rep})
print(pcall(function() return v + {} end))
