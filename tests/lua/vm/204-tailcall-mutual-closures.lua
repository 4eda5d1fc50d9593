local a, b
a = function(n) if n <= 0 then return 'a' end return b(n - 1) end
b = function(n) if n <= 0 then return 'b' end return a(n - 1) end
print(a(100000), a(100001))
