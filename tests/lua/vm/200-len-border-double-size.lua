local t = {}
for i=1,33 do t[i]=i end t[17]=nil t[33]=nil
print(#t)
t[#t + 1] = 'new'
print(#t)
