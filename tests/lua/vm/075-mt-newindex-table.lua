local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1
print(rawget(t, "a"), store.a)
t.a = 2
print(rawget(t, "a"), store.a)
