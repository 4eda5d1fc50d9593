local t = {}
for i=1,64 do t[i]=true end t[64]=nil t[32]=nil
print(#t)
t[#t + 1] = 'new'
print(#t)
