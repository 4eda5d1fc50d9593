local t = {"a", "b", "c"}
t[5] = "e"
t.name = "n"
t[4] = "d"
for k, v in pairs(t) do io.write(tostring(k), "=", v, " ") end print()
