if not x then a() end
if not (a == b) then a() end
local x = not nil
while not done do step() end
if not not x then a() end
repeat step() until not x
local y = not x == y
if not (a and b) then a() end
if not a and not b then a() end
local z = not (a or b)
