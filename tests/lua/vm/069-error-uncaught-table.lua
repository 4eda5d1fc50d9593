io.write("start\n")
error({})
