local t = 1234567890
print(os.date("!%Y-%m-%d %H:%M:%S", t))
print(os.date("!%A %a %B %b %d %j %p %y %%", t))
print(os.date("!%c", 0))
print(os.date("!%x %X", 86400 * 365))
local d = os.date("!*t", t)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
print(os.date("!", t) == "")
