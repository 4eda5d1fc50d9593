local t = {}
t.self = t
local deep = {{{{{{{{{{{{1}}}}}}}}}}}}
return 1
