local t = {}
for i=1,5 do t[i]=i end t.x=1 t.y=2 t.z=3 t[6]=6 t[3]=nil
print(#t)
t[#t + 1] = 'new'
print(#t)
