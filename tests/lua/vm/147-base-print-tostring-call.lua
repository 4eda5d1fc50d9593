local t = setmetatable({}, {__tostring = function() return "T!" end})
print(t, 1, nil, false)
tostring = function() return "replaced" end
print(1, 2)
