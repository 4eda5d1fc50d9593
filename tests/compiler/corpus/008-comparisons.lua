local x, y = 1, 2
local r = {}
r[1] = x < y
r[2] = x <= 3
r[3] = 3 > x
r[4] = x >= y
r[5] = x == "a"
r[6] = x ~= nil
r[7] = nil == x
if x == 1 then r[8] = 1 end
if not (x < y) then r[9] = 1 end
while x < 10 and y > 0 do x = x + 1 end
return r
