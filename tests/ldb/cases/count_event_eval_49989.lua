local x = 0
for i = 1, 49989 do x = x + 1 end
redis.breakpoint() x = x + 1 x = x + 2 x = x + 3
return x
