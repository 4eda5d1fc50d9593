print(math.floor())
