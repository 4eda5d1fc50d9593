print(tostring(nil), tostring(true), tostring(12), tostring(-0.5), tostring("s"))
print(pcall(tostring))
print(type(tostring(print)), tostring(print):match("^function: ") ~= nil, tostring({}):match("^table: ") ~= nil)
