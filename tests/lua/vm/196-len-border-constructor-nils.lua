local t = {}
t={1,nil,3,nil,5,nil,7,nil}
print(#t)
t[#t + 1] = 'new'
print(#t)
