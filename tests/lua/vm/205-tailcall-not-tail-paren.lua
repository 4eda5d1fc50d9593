local function f(n) if n == 0 then return 1, 2 end return (f(n - 1)) end
print(f(10))
