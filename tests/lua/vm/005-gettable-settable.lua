local t = {}
t.x = 1
t[1] = "one"
t["y z"] = true
t[2.5] = "frac"
print(t.x, t[1], t["y z"], t[2.5], t.missing)
