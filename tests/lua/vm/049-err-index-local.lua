local x
print(pcall(function() local x = nil return x.field end))
print(pcall(function() local t = {} return t.a.b end))
print(pcall(function() local n = 5 return n.x end))
