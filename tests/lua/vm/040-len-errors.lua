print(pcall(function() return #nil end))
print(pcall(function() local n = 5 return #n end))
print(pcall(function() return #print end))
