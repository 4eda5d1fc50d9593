local s = ""
for i = 1, 300 do s = s .. i % 10 end
print(#s, s:sub(1, 20))
print(loadstring("return " .. string.rep("'a' .. ", 150) .. "'b'")())
