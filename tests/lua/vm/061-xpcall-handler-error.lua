print(xpcall(function() error("a") end, function(e) error("b") end))
print(pcall(xpcall))
print(xpcall(error, print))
