local t = {}
print(pcall(function() return "a" .. t end))
print(pcall(function() return nil .. "b" end))
print(pcall(function() local n return "x" .. n end))
print(pcall(function() return "x" .. t.field end))
print(pcall(function() return "x" .. nothing_here end))
print(pcall(function() return 1 .. {} .. 2 end))
print(pcall(function() return true .. "" end))
