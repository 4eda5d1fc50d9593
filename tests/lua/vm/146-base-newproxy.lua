local p = newproxy()
print(type(p), getmetatable(p))
local q = newproxy(true)
print(type(getmetatable(q)))
getmetatable(q).__index = function(_, k) return k .. "?" end
print(q.hello)
local r = newproxy(q)
print(getmetatable(r) == getmetatable(q))
print(pcall(newproxy, 1))
