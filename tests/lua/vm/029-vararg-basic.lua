local function f(...)
  local a, b = ...
  local t = {...}
  return select('#', ...), a, b, #t
end
print(f())
print(f(1))
print(f(1, 2, 3))
print(f(nil, nil))
