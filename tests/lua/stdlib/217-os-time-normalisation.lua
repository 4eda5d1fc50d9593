print(os.time{year = 2020, month = 2, day = 30, hour = 12})
print(os.time{year = 2020, month = 1, day = 1, hour = 25, min = 61, sec = 61})
print(os.time{year = 1970, month = 1, day = 1, hour = 0})
print(os.time{year = 2038, month = 1, day = 19, hour = 3, min = 14, sec = 8})
