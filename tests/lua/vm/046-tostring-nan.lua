print(0/0, -(0/0), math.huge - math.huge)
