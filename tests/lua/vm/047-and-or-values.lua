print(1 and 2, nil and 1, false or false, nil or false, false or nil, 1 or 2)
print(0 == false, "" == false)
