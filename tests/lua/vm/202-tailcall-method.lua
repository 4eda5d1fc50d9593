local o = {}
function o:f(n) if n == 0 then return 'done' end return self:f(n - 1) end
print(o:f(100000))
