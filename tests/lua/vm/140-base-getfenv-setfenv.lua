local function f() return value end
local env = {value = "from env"}
setfenv(f, env)
print(f(), getfenv(f) == env, getfenv(print) == _G, getfenv(0) == _G, getfenv() == _G)
value = "global"
print(f())
