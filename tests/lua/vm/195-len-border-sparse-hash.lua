local t = {}
t[1]=1 t[2]=2 t[3]=3 t[5]=5 t[9]=9
print(#t)
t[#t + 1] = 'new'
print(#t)
