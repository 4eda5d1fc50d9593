local t = {10, 20, 30}
table.foreachi(t, function(i, v) io.write(i, "=", v, " ") end) print()
print(table.foreachi(t, function(i, v) if v == 20 then return "stop" .. i end end))
local h = {a = 1}
table.foreach(h, print)
print(table.foreach({x = 1, y = 2}, function(k, v) if v == 2 then return k end end) ~= nil)
