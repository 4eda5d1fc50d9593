-- gsub with a table replacement reads it with metamethods (lua_gettable): __index
-- functions and tables, false/nil keeping the match, errors from the handler.
local upper = setmetatable({}, {__index = function(_, k) return k:upper() end})
print(string.gsub("abc def", "%w+", upper))
local chained = setmetatable({}, {__index = setmetatable({abc = "X"}, {__index = {def = 7}})})
print(string.gsub("abc def ghi", "%w+", chained))
local keep = setmetatable({}, {__index = function(_, k) if k == "b" then return false end end})
print(string.gsub("abc", "%w", keep))
local failing = setmetatable({}, {__index = function() error("no way") end})
print(pcall(string.gsub, "abc", "b", failing))
print(string.gsub("a=1, b=2", "(%w+)=(%w+)", setmetatable({}, {__index = function(_, k) return "<" .. k .. ">" end})))
