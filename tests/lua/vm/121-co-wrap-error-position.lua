local w = coroutine.wrap(function() local x = nil return x.y end)
local ok, e = pcall(w)
print(ok, e)
