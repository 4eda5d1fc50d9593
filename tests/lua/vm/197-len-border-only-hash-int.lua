local t = {}
t[3]=3 t[4]=4
print(#t)
t[#t + 1] = 'new'
print(#t)
