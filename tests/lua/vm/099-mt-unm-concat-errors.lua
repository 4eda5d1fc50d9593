print(pcall(function() return -{} end))
print(pcall(function() return -"2" end))
print(pcall(function() return -"x" end))
