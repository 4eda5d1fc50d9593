local d = os.date("*t", os.time{year = 2010, month = 6, day = 15, hour = 12})
print(d.year, d.month, d.day, d.hour, d.min, d.sec)
print(os.difftime(10, 4), os.difftime(5))
