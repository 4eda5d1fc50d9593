-- debug: traceback text, getinfo fields, names, upvalues, metatables, environments.
local function inner() return debug.traceback("here", 1) end
local function outer() return inner() .. "" end
print(outer())
print(debug.traceback())
print(debug.traceback({}) ~= nil, type(debug.traceback({})))
local info = debug.getinfo(1, "Sl")
print(info.short_src, info.currentline, info.what, info.source, info.linedefined, info.lastlinedefined)
local function named() return debug.getinfo(1, "nSl") end
local i2 = named()
print(i2.name, i2.namewhat, i2.what, i2.linedefined, i2.currentline)
print(debug.getinfo(print).what, debug.getinfo(print).short_src, debug.getinfo(print).source)
print(debug.getinfo(100))
local a, b = 1, 2
local function uses() return a + b end
print(debug.getupvalue(uses, 1), debug.getupvalue(uses, 2), debug.getupvalue(uses, 3))
print(debug.setupvalue(uses, 2, 40), uses())
local t = setmetatable({}, {__index = {x = 1}})
print(debug.getmetatable(t).__index.x, type(debug.getregistry()))
local f = function() return y end
debug.setfenv(f, {y = "from env"})
print(f(), debug.getfenv(f).y)
