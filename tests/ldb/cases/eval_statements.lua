local n = 2
return n
