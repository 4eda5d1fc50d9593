local function f(s) return string.upper(s) end
print(f('tail'))
