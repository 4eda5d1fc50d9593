print("going")
error("no position here", 0)
