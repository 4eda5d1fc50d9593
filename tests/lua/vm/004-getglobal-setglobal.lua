g1 = 10
g2 = g1 * 2
print(g1, g2, rawget(_G, "g2"))
g1 = nil
print(g1)
