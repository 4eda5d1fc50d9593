local t = {}
for i=1,8 do t[i]=i end for i=1,8 do t[i]=nil end
print(#t)
t[#t + 1] = 'new'
print(#t)
