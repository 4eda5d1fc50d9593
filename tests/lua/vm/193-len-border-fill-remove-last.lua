local t = {}
for i=1,16 do t[i]=i end t[16]=nil
print(#t)
t[#t + 1] = 'new'
print(#t)
