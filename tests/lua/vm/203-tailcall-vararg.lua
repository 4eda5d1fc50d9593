local function f(n, ...) if n == 0 then return select('#', ...) end return f(n - 1, ...) end
print(f(100000, 1, 2, 3))
