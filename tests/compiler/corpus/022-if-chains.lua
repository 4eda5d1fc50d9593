if a then b() end
if a then b() else c() end
if a then b() elseif c then d() elseif e then f() else g() end
if a then elseif b then else end
if true then x = 1 end
if nil then x = 2 end
if false then x = 3 else x = 4 end
if 1 then x = 5 end
if "s" then x = 6 end
while false do x = 7 end
repeat x = 8 until true
repeat x = 9 until nil
if not not a then x = 10 end
if a then if b then if c then x = 11 end end end
if a == nil then x = 12 elseif a ~= nil then x = 13 end
