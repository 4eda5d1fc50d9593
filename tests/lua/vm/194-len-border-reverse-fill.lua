local t = {}
for i=16,1,-1 do t[i]=i end
print(#t)
t[#t + 1] = 'new'
print(#t)
