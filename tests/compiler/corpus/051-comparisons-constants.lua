local a = f()
if a == 1 then x() end
if 1 == a then x() end
if a ~= "s" then x() end
if a < 1 then x() end
if 1 < a then x() end
if a <= 2.5 then x() end
if a > 3 then x() end
if a >= 4 then x() end
if a == nil then x() end
if a == true then x() end
if 1 < 2 then x() end
if "a" == "b" then x() end
local r = a == 1
r = 1 ~= a
r = a > 3
return a == 1, a < 2
