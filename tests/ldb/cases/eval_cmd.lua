local x = 5
globalish = nil
return x
