local i, s = 0, 0
while i < 10 do i = i + 1 s = s + i end
print(i, s)
repeat i = i - 3 until i < 0
print(i)
local n = 0
repeat local done = n >= 3 n = n + 1 until done
print(n)
